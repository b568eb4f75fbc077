import { Suspense } from 'react';
import { Shell } from '@/components/shell/shell';

export default async function ClusterLayout({ children, params }: LayoutProps<'/c/[cluster]'>) {
  const { cluster } = await params;
  return (
    <Suspense>
      <Shell cluster={decodeURIComponent(cluster)}>{children}</Shell>
    </Suspense>
  );
}
