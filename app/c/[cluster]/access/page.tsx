import { AccessPage } from '@/components/access/access-page';

export default async function Access({ params }: PageProps<'/c/[cluster]/access'>) {
  const { cluster } = await params;
  return <AccessPage cluster={decodeURIComponent(cluster)} />;
}
