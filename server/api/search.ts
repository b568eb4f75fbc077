import 'server-only';
/**
 * Objects by name for the command palette: the names of pods, workloads, services, ConfigMaps,
 * nodes and HPAs in the namespaces the caller may list, read as metadata only and kept briefly per
 * identity. The text is matched as a plain substring: nothing the caller types is a pattern.
 */
import { z } from 'zod';
import type { StreamingKubeClient } from '../k8s/client';
import { isForbidden } from '../k8s/errors';
import { listableNamespaces } from '../k8s/pods';
import type { ListMeta, ObjectMeta } from '../k8s/pods';
import type { RelatedObject } from '../k8s/related';
import { callerClient } from './cluster-client';
import { streamOwner } from './pod-watch';

/** The longest text searched for: longer than any object name (253) needs. */
export const MAX_SEARCH_TEXT = 253;

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'q is the text to search for').max(MAX_SEARCH_TEXT, `q has at most ${MAX_SEARCH_TEXT} characters`),
});

/** The kinds the palette finds by name, in the order results are ranked when equally good. */
export const SEARCHED_KINDS = [
  { group: 'core', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  { group: 'core', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  { group: 'core', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: 'core', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
  { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true },
] as const;

type SearchedKind = (typeof SEARCHED_KINDS)[number];

/** An object found by name, named as an object page's related objects are; namespace "" for a node. */
export type SearchHit = Omit<RelatedObject, 'note'>;

export interface SearchResult {
  hits: SearchHit[];
  /** More matched than `hits` holds. */
  truncated: boolean;
}

/** At most this many hits go back. */
export const MAX_HITS = 50;

/** How long the names read for one identity are searched before they are read again. */
export const SEARCH_CACHE_MS = 15_000;
const MAX_CACHED_IDENTITIES = 200;

const PARTIAL_METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

interface MetadataList {
  metadata?: ListMeta;
  items?: { metadata?: ObjectMeta }[];
}

const cache = new Map<string, { at: number; names: Promise<SearchHit[]> }>();

async function namesOf(client: StreamingKubeClient, kind: SearchedKind, namespace: string | undefined): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  let next: string | undefined;
  do {
    const list = await client.get<MetadataList>(
      { group: kind.group === 'core' ? '' : kind.group, version: kind.version, resource: kind.resource, namespace },
      { limit: 5_000, continue: next },
      { accept: PARTIAL_METADATA_ACCEPT },
    );
    for (const item of list.items ?? []) {
      const meta = item.metadata ?? {};
      if (meta.name) hits.push({ group: kind.group, version: kind.version, resource: kind.resource, kind: kind.kind, namespace: meta.namespace ?? '', name: meta.name });
    }
    next = list.metadata?.continue || undefined;
  } while (next);
  return hits;
}

/** A kind's names cluster-wide when the caller may list them so, else in each namespace they may list; a refusal leaves that scope out, unnamed. */
async function kindNames(client: StreamingKubeClient, kind: SearchedKind, namespaces: () => Promise<string[]>): Promise<SearchHit[]> {
  try {
    return await namesOf(client, kind, undefined);
  } catch (err) {
    if (!isForbidden(err) || !kind.namespaced) {
      if (isForbidden(err)) return [];
      throw err;
    }
  }
  const perNamespace = await Promise.all(
    (await namespaces()).map((namespace) =>
      namesOf(client, kind, namespace).catch((err: unknown) => {
        if (isForbidden(err)) return [];
        throw err;
      }),
    ),
  );
  return perNamespace.flat();
}

async function readNames(client: StreamingKubeClient): Promise<SearchHit[]> {
  let listable: Promise<string[]> | undefined;
  const namespaces = () => (listable ??= listableNamespaces(client).then((l) => l.namespaces));
  return (await Promise.all(SEARCHED_KINDS.map((kind) => kindNames(client, kind, namespaces)))).flat();
}

/** How well a name matches: a prefix before a substring, a shorter name before a longer one. */
function rank(name: string, needle: string): number {
  const at = name.indexOf(needle);
  return at === 0 ? 0 : 1;
}

/** The hits whose name holds `text` (case-insensitive, as typed: no pattern), best first, at most MAX_HITS. */
export function matchNames(names: SearchHit[], text: string): SearchResult {
  const needle = text.toLowerCase();
  const found = names.filter((hit) => hit.name.toLowerCase().includes(needle));
  found.sort(
    (a, b) => rank(a.name.toLowerCase(), needle) - rank(b.name.toLowerCase(), needle) || a.name.length - b.name.length || a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace),
  );
  return { hits: found.slice(0, MAX_HITS), truncated: found.length > MAX_HITS };
}

export async function clusterSearch(request: Request, cluster: string, query: z.infer<typeof searchQuery>, now = Date.now()): Promise<SearchResult> {
  const { caller, client } = await callerClient(request, cluster);
  // Cached per cluster and identity: a name one caller may read is never searched for another.
  const key = `${cluster}\n${streamOwner(caller)}`;
  let entry = cache.get(key);
  if (!entry || now - entry.at >= SEARCH_CACHE_MS) {
    if (cache.size >= MAX_CACHED_IDENTITIES) cache.delete(cache.keys().next().value!);
    const names = readNames(client);
    entry = { at: now, names };
    cache.set(key, entry);
    names.catch(() => cache.get(key)?.names === names && cache.delete(key));
  }
  return matchNames(await entry.names, query.q);
}

/** Forgets every cached name (tests). */
export function forgetSearchNames(): void {
  cache.clear();
}
