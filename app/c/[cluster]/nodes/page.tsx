import { NodesPage } from '@/components/nodes/nodes-page';

export default async function Nodes({ params }: PageProps<'/c/[cluster]/nodes'>) {
  const { cluster } = await params;
  return <NodesPage cluster={decodeURIComponent(cluster)} />;
}
