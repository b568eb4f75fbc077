import 'server-only';
import { eventsFor, type EventRow } from '../k8s/events';
import { listNodes, nodeDetail, type NodeDetail, type NodeList } from '../k8s/nodes';
import { podDetail, type PodDetail } from '../k8s/pod-detail';
import { LIVE_LIST_VERBS, needing, type ConsoleError } from '../errors';
import { listPodPages, listPods, type PodListQuery, type PodRowList } from '../k8s/pods';
import { callerClient } from './cluster-client';
import { ndjsonPages } from './ndjson';

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

/**
 * The first page is small so the first rows show at once. The rest: two pages of whole pods are in
 * the console's memory at a time (one converted, the next arriving); 10,000 each took it near 1 GiB.
 */
const FIRST_PAGE = 500;
const NEXT_PAGES = 5_000;

/** One line of the stream: a page of rows, or the failure that ended it. */
export type PodStreamLine = Omit<PodRowList, 'continue'> | { error: ReturnType<ConsoleError['toJSON']> };

/**
 * Every pod of the view in one response, as NDJSON: one line per page (`items`, `resourceVersion`,
 * `omitted`), the next page fetched while the current one is sent. The first page is fetched before
 * answering, so a 403 or a malformed selector is an ordinary error answer; a failure later ends the
 * stream with an `{ "error" }` line.
 */
export async function clusterPodStream(request: Request, cluster: string, { limit = NEXT_PAGES, ...query }: Omit<PodListQuery, 'continue'>): Promise<Response> {
  const { client } = await callerClient(request, cluster);
  const pages = listPodPages(client, query, { first: Math.min(FIRST_PAGE, limit), next: limit });
  return needing(LIVE_LIST_VERBS, () => ndjsonPages(request, cluster, 'pods', pages, ({ continue: _next, ...rest }: PodRowList): PodStreamLine => rest));
}
