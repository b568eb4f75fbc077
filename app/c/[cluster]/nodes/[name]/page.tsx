import { NodePage } from '@/components/nodes/node-page';

export default async function Node({ params }: PageProps<'/c/[cluster]/nodes/[name]'>) {
  const { cluster, name } = await params;
  return <NodePage cluster={decodeURIComponent(cluster)} name={decodeURIComponent(name)} />;
}
