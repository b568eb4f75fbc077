import { PodsPage } from '@/components/pods/pods-page';

export default async function Pods({ params }: PageProps<'/c/[cluster]/pods'>) {
  const { cluster } = await params;
  return <PodsPage cluster={decodeURIComponent(cluster)} />;
}
