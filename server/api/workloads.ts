import 'server-only';
import { listWorkloads, workloadDetail, workloadKind, type WorkloadDetail, type WorkloadSections } from '../k8s/workloads';
import { callerClient } from './cluster-client';

export async function clusterWorkloads(request: Request, cluster: string, namespace: string | undefined): Promise<{ namespace?: string } & WorkloadSections> {
  const { client } = await callerClient(request, cluster);
  return { ...(namespace ? { namespace } : {}), ...(await listWorkloads(client, namespace)) };
}

export async function clusterWorkload(request: Request, cluster: string, namespace: string, plural: string, name: string): Promise<WorkloadDetail> {
  const kind = workloadKind(plural);
  const { client } = await callerClient(request, cluster);
  return workloadDetail(client, kind, namespace, name);
}
