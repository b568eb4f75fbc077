import 'server-only';
import { consoleErrors } from '../errors';
import type { KubeClient } from './client';
import { isForbidden } from './errors';
import { namespaceChoices } from './namespaces';
import { podStatus, type PodLike, type PodSeverity } from '@/lib/k8s/pod-status';
import { decodePodList, POD_ROW } from '@/lib/k8s/protobuf-schemas';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown;
}

/** A pod as the API's JSON has it: what the printer reads, and the rest loosely. */
export interface Pod extends PodLike {
  metadata?: ObjectMeta;
  spec?: PodLike['spec'] & { nodeName?: string; [key: string]: unknown };
  status?: PodLike['status'] & { podIP?: string; [key: string]: unknown };
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KubeList<T> {
  metadata?: ListMeta;
  items: T[];
}

/** One row of the pods table: kubectl's columns, computed on the server. */
export interface PodRow {
  name: string;
  namespace: string;
  uid: string;
  /** READY, "1/2". */
  ready: string;
  /** STATUS as kubectl prints it. */
  status: string;
  severity: PodSeverity;
  /** A warning or error state: what "problems only" shows. */
  problem: boolean;
  restarts: number;
  /** RESTARTS as kubectl prints it at the time of the answer, "5 (3m ago)". */
  restartsText: string;
  lastRestartAt?: string;
  createdAt: string;
  node?: string;
  podIP?: string;
  labels: Record<string, string>;
  /** The controlling owner (ReplicaSet, Job, StatefulSet, DaemonSet, Node, …). */
  ownerKind?: string;
  ownerName?: string;
}

export function controllerOf(meta: ObjectMeta | undefined): OwnerReference | undefined {
  return meta?.ownerReferences?.find((o) => o.controller) ?? undefined;
}

export function podRow(pod: Pod, now: Date): PodRow {
  const s = podStatus(pod, now);
  const meta = pod.metadata ?? {};
  const owner = controllerOf(meta);
  // Members set one by one in the order the JSON lists them: a spread of each optional member would make an object to throw away.
  const row: PodRow = {
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    uid: meta.uid ?? '',
    ready: s.ready,
    status: s.status,
    severity: s.severity,
    problem: s.severity === 'warning' || s.severity === 'error',
    restarts: s.restarts,
    restartsText: s.restartsText,
  } as PodRow;
  if (s.lastRestartAt) row.lastRestartAt = s.lastRestartAt;
  row.createdAt = meta.creationTimestamp ?? '';
  if (pod.spec?.nodeName) row.node = pod.spec.nodeName;
  if (pod.status?.podIP) row.podIP = pod.status.podIP;
  row.labels = meta.labels ?? {};
  if (owner) {
    row.ownerKind = owner.kind;
    row.ownerName = owner.name;
  }
  return row;
}

export interface PodListQuery {
  /** Undefined: every namespace. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface Omitted {
  name: string;
  reason: string;
}

export interface PodRowList {
  items: PodRow[];
  continue?: string;
  resourceVersion?: string;
  /** Rows after this page, when the API server says. */
  remainingItemCount?: number;
  /** All namespaces for a caller who may not list pods cluster-wide: the namespaces that were not listed, and why. */
  omitted?: Omitted[];
}

export const POD_REF = { group: '', version: 'v1', resource: 'pods' } as const;

/** The continue token of a namespace-by-namespace listing: where it is, and the oldest resourceVersion so far. */
export interface ByNamespaceToken {
  namespaces: string[];
  omitted: Omitted[];
  index: number;
  upstream?: string;
  resourceVersion?: string;
}

export const BY_NAMESPACE = 'ns1.';

export function encodeToken(token: ByNamespaceToken): string {
  return BY_NAMESPACE + Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeToken(text: string): ByNamespaceToken {
  try {
    const token = JSON.parse(Buffer.from(text.slice(BY_NAMESPACE.length), 'base64url').toString('utf8')) as ByNamespaceToken;
    if (!Array.isArray(token.namespaces) || typeof token.index !== 'number') throw new Error('shape');
    return token;
  } catch {
    throw consoleErrors.badRequest('invalid continue token');
  }
}

/** The older of two resourceVersions: a watch from it misses nothing that either list saw. */
export function olderResourceVersion(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return BigInt(a) <= BigInt(b) ? a : b;
}

/**
 * Pods per request to the API server, kubectl's page. Whole pods cost the console about ten times
 * what their rows do, so a larger page (or a listing without a limit) is gathered from several
 * requests that follow the API server's continue token: the answer is the same, the memory bounded.
 * A page this small is parsed, turned into rows and dropped before the young generation fills:
 * pages of 5,000 outlived the collections during their own parse and were copied into the old
 * generation, which cost more than the parse itself.
 */
export const UPSTREAM_PAGE = 500;

/** client-go's Accept for a built-in kind's typed client. */
export const PROTOBUF_OR_JSON = 'application/vnd.kubernetes.protobuf, application/json';

/**
 * One page of rows, gathered from requests of at most UPSTREAM_PAGE pods, one after another. Asking for
 * the next part while this one's pods were decoded cost more than it saved: on the pods bench the
 * stream took 3.0–3.5 s and 16.5–19.2 µs of console CPU a pod that way, 2.7–3.5 s and 12.0–14.1 µs
 * this way, the API server sharing the machine's two cores with the console.
 */
async function page(client: KubeClient, namespace: string | undefined, query: PodListQuery, upstream: string | undefined, now: Date) {
  const rows: PodRow[] = [];
  let meta: ListMeta = {};
  let token = upstream;
  do {
    const limit = query.limit === undefined ? UPSTREAM_PAGE : Math.min(UPSTREAM_PAGE, query.limit - rows.length);
    const list = await client.get<KubeList<Pod>>(
      { ...POD_REF, namespace },
      { labelSelector: query.labelSelector || undefined, fieldSelector: query.fieldSelector || undefined, limit, continue: token },
      // The fields a row reads, out of protobuf where the API server writes it (every built-in kind): a pod's spec and
      // status are skipped over rather than parsed whole.
      { accept: PROTOBUF_OR_JSON, protobuf: (body) => decodePodList(body, POD_ROW) },
    );
    for (const pod of list.items) rows.push(podRow(pod, now));
    meta = list.metadata ?? {};
    token = meta.continue || undefined;
  } while (token && (query.limit === undefined || rows.length < query.limit));
  return { rows, meta };
}

/**
 * The namespaces to list one by one for a caller who may not list pods cluster-wide: every namespace
 * when they may list namespaces, else the configured and requested ones a SelfSubjectAccessReview
 * allows. With `tryDenied` the denied ones are tried too, so each left out is named with the API
 * server's own 403 message rather than the review's.
 */
export async function listableNamespaces(client: KubeClient, options: { tryDenied?: boolean } = {}): Promise<{ namespaces: string[]; omitted: Omitted[] }> {
  const choices = await namespaceChoices(client, []);
  if (choices.canListAll || !options.tryDenied) return { namespaces: choices.namespaces.map((n) => n.name), omitted: choices.canListAll ? [] : choices.omitted };
  return { namespaces: [...new Set([...choices.namespaces, ...choices.omitted].map((n) => n.name))].sort(), omitted: [] };
}

async function byNamespace(client: KubeClient, query: PodListQuery, token: ByNamespaceToken, now: Date): Promise<PodRowList> {
  const omitted = [...token.omitted];
  let { index, upstream, resourceVersion } = token;
  while (index < token.namespaces.length) {
    const namespace = token.namespaces[index];
    try {
      const { rows, meta } = await page(client, namespace, query, upstream, now);
      resourceVersion = olderResourceVersion(resourceVersion, meta.resourceVersion);
      upstream = meta.continue || undefined;
      if (!upstream) index += 1;
      const more = index < token.namespaces.length;
      const next = more ? encodeToken({ ...token, omitted, index, upstream, resourceVersion }) : undefined;
      return { items: rows, ...(next ? { continue: next } : {}), ...(resourceVersion ? { resourceVersion } : {}), omitted };
    } catch (err) {
      if (!isForbidden(err)) throw err;
      omitted.push({ name: namespace, reason: err.message });
      index += 1;
      upstream = undefined;
    }
  }
  return { items: [], ...(resourceVersion ? { resourceVersion } : {}), omitted };
}

/**
 * One page of pod rows. All namespaces: one cluster-wide list when the caller may; otherwise
 * their namespaces one by one (issue 4), saying in `omitted` which were left out and why.
 */
export async function listPods(client: KubeClient, query: PodListQuery, now = new Date()): Promise<PodRowList> {
  if (query.continue?.startsWith(BY_NAMESPACE)) {
    if (query.namespace) throw consoleErrors.badRequest('invalid continue token');
    return byNamespace(client, query, decodeToken(query.continue), now);
  }
  try {
    const { rows, meta } = await page(client, query.namespace, query, query.continue, now);
    return {
      items: rows,
      ...(meta.continue ? { continue: meta.continue } : {}),
      ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
      ...(meta.remainingItemCount !== undefined ? { remainingItemCount: meta.remainingItemCount } : {}),
    };
  } catch (err) {
    if (query.namespace !== undefined || query.continue || !isForbidden(err)) throw err;
  }
  const { namespaces, omitted } = await listableNamespaces(client, { tryDenied: true });
  return byNamespace(client, query, { namespaces, omitted, index: 0 }, now);
}

/**
 * Every page of a listing, in order. The next page is asked for as soon as the current one has
 * arrived, so the API server prepares it while the caller converts and sends the current one.
 */
export async function* listPodPages(client: KubeClient, query: Omit<PodListQuery, 'limit' | 'continue'>, sizes: { first: number; next: number }): AsyncGenerator<PodRowList> {
  let pending: Promise<PodRowList> | undefined = listPods(client, { ...query, limit: sizes.first });
  try {
    while (pending) {
      const page: PodRowList = await pending;
      pending = page.continue ? listPods(client, { ...query, limit: sizes.next, continue: page.continue }) : undefined;
      // Awaited on the next turn; until then a failure must not count as unhandled.
      pending?.catch(() => undefined);
      yield page;
    }
  } finally {
    pending?.catch(() => undefined);
  }
}
