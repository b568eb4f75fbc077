import 'server-only';
import { listPods, type PodListQuery, type PodRowList } from '../k8s/pods';
import { callerClient } from './cluster-client';

export async function clusterPods(request: Request, cluster: string, query: PodListQuery): Promise<PodRowList> {
  const { client } = await callerClient(request, cluster);
  return listPods(client, query);
}
