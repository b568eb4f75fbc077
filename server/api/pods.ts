import 'server-only';
import { eventsFor, type EventRow } from '../k8s/events';
import { listNodes, nodeDetail, type NodeDetail, type NodeList } from '../k8s/nodes';
import { podDetail, type PodDetail } from '../k8s/pod-detail';
import { listPods, type PodListQuery, type PodRowList } from '../k8s/pods';
import { callerClient } from './cluster-client';

export async function clusterPods(request: Request, cluster: string, query: PodListQuery): Promise<PodRowList> {
  const { client } = await callerClient(request, cluster);
  return listPods(client, query);
}

export async function clusterPod(request: Request, cluster: string, namespace: string, name: string): Promise<PodDetail> {
  const { client } = await callerClient(request, cluster);
  return podDetail(client, namespace, name);
}

export async function clusterPodEvents(request: Request, cluster: string, namespace: string, name: string): Promise<{ items: EventRow[] }> {
  const { client } = await callerClient(request, cluster);
  return { items: await eventsFor(client, { kind: 'Pod', name, namespace }) };
}

export async function clusterNodes(request: Request, cluster: string): Promise<NodeList> {
  const { client } = await callerClient(request, cluster);
  return listNodes(client);
}

export async function clusterNode(request: Request, cluster: string, name: string): Promise<NodeDetail> {
  const { client } = await callerClient(request, cluster);
  return nodeDetail(client, name);
}
