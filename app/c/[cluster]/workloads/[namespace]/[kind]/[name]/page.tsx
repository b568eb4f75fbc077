import { WorkloadPage } from '@/components/workloads/workload-page';

export default async function Workload({ params }: PageProps<'/c/[cluster]/workloads/[namespace]/[kind]/[name]'>) {
  const { cluster, namespace, kind, name } = await params;
  return <WorkloadPage cluster={decodeURIComponent(cluster)} namespace={decodeURIComponent(namespace)} plural={decodeURIComponent(kind)} name={decodeURIComponent(name)} />;
}
