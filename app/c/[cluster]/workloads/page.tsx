import { WorkloadsPage } from '@/components/workloads/workloads-page';

export default async function Workloads({ params }: PageProps<'/c/[cluster]/workloads'>) {
  const { cluster } = await params;
  return <WorkloadsPage cluster={decodeURIComponent(cluster)} />;
}
