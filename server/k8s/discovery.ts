import 'server-only';
/**
 * The resources an API server serves, read from discovery as kubectl reads it: aggregated discovery
 * (apidiscovery.k8s.io/v2) on /api and /apis, or the legacy documents when the server has none.
 */
import { createHash } from 'node:crypto';
import { ConsoleError, consoleErrors } from '../errors';
import type { RequestIdentity } from './identity';
import type { StreamingKubeClient } from './client';

/** One served resource; the core group is spelled `core`, as in the console's paths. */
export interface ServedResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** The subresources it serves ("status", "scale", "log"…): a Scale button needs "scale". */
  subresources: string[];
}

export const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList (k8s.io/api/apidiscovery/v2/types.go). */
export interface APIGroupDiscoveryList {
  kind?: string;
  items?: {
    metadata?: { name?: string };
    /** In descending order of preference: the first is the preferred version. */
    versions?: {
      version: string;
      freshness?: 'Current' | 'Stale';
      resources?: {
        resource: string;
        responseKind?: { group?: string; version?: string; kind?: string };
        scope?: 'Namespaced' | 'Cluster';
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
        subresources?: { subresource: string; responseKind?: { group?: string; version?: string; kind?: string }; verbs?: string[] }[];
      }[];
    }[];
  }[];
}

/** meta/v1 APIGroupList (/apis) and APIVersions (/api). */
export interface APIGroupList {
  kind?: string;
  groups?: { name: string; versions?: { groupVersion: string; version: string }[]; preferredVersion?: { groupVersion: string; version: string } }[];
}

/** meta/v1 APIResourceList (/api/v1, /apis/{group}/{version}). */
export interface APIResourceList {
  groupVersion?: string;
  resources?: { name: string; namespaced?: boolean; kind?: string; verbs?: string[]; shortNames?: string[]; categories?: string[] }[];
}

const coreName = (group: string) => group || 'core';

function sorted(resources: ServedResource[]): ServedResource[] {
  return resources.sort((a, b) => (a.group === b.group ? a.resource.localeCompare(b.resource) : a.group === 'core' ? -1 : b.group === 'core' ? 1 : a.group.localeCompare(b.group)));
}

/** The preferred (first current) version of each group of an aggregated document, each resource with its subresources' names. */
export function fromAggregated(list: APIGroupDiscoveryList): ServedResource[] {
  const out: ServedResource[] = [];
  for (const item of list.items ?? []) {
    const group = item.metadata?.name ?? '';
    // client-go skips a stale group version: its aggregated API server did not answer.
    const version = item.versions?.find((v) => v.freshness !== 'Stale');
    if (!version) continue;
    for (const r of version.resources ?? []) {
      out.push({
        group: coreName(group),
        version: version.version,
        resource: r.resource,
        kind: r.responseKind?.kind ?? '',
        namespaced: r.scope === 'Namespaced',
        verbs: r.verbs ?? [],
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
        subresources: (r.subresources ?? []).map((s) => s.subresource),
      });
    }
  }
  return out;
}

/** The resources of legacy APIResourceLists, each list for a group's preferred version; "pods/log" and such are its subresources. */
export function fromLegacy(lists: APIResourceList[]): ServedResource[] {
  const out: ServedResource[] = [];
  for (const list of lists) {
    const gv = list.groupVersion ?? '';
    const slash = gv.indexOf('/');
    const group = slash < 0 ? '' : gv.slice(0, slash);
    const version = slash < 0 ? gv : gv.slice(slash + 1);
    const subresources = new Map<string, string[]>();
    for (const r of list.resources ?? []) {
      const [parent, sub] = r.name.split('/', 2);
      if (sub) subresources.set(parent, [...(subresources.get(parent) ?? []), sub]);
    }
    for (const r of list.resources ?? []) {
      if (r.name.includes('/')) continue;
      out.push({
        group: coreName(group),
        version,
        resource: r.name,
        kind: r.kind ?? '',
        namespaced: r.namespaced === true,
        verbs: r.verbs ?? [],
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
        subresources: subresources.get(r.name) ?? [],
      });
    }
  }
  return out;
}

/** The group versions legacy discovery must read: core v1, and each group's preferred version. */
export function preferredGroupVersions(groups: APIGroupList): string[] {
  return (groups.groups ?? []).flatMap((g) => {
    const preferred = g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion;
    return preferred ? [preferred] : [];
  });
}

const isAggregated = (body: unknown): body is APIGroupDiscoveryList => (body as { kind?: string } | undefined)?.kind === 'APIGroupDiscoveryList';

async function readAggregated(client: StreamingKubeClient): Promise<ServedResource[] | undefined> {
  try {
    const [core, groups] = await Promise.all([client.discovery<unknown>('/api', { accept: AGGREGATED_ACCEPT }), client.discovery<unknown>('/apis', { accept: AGGREGATED_ACCEPT })]);
    if (!isAggregated(core) || !isAggregated(groups)) return undefined;
    return [...fromAggregated(core), ...fromAggregated(groups)];
  } catch (err) {
    if (err instanceof ConsoleError && err.kind === 'Status' && err.httpStatus === 406) return undefined;
    throw err;
  }
}

async function readLegacy(client: StreamingKubeClient): Promise<ServedResource[]> {
  const groups = await client.discovery<APIGroupList>('/apis');
  const versions = ['v1', ...preferredGroupVersions(groups)];
  const lists = await Promise.all(
    versions.map((gv) =>
      client.discovery<APIResourceList>(gv === 'v1' ? '/api/v1' : `/apis/${gv}`).catch((err: unknown) => {
        // An aggregated API server that is down (503) leaves out its group, as kubectl does; the rest still shows.
        if (err instanceof ConsoleError && err.kind === 'Status' && err.httpStatus >= 500) return { groupVersion: gv, resources: [] };
        throw err;
      }),
    ),
  );
  return fromLegacy(lists.map((list, i) => ({ ...list, groupVersion: list.groupVersion ?? versions[i] })));
}

/** Every served resource, preferred versions only, core first, then by group and resource name. */
export async function readDiscovery(client: StreamingKubeClient): Promise<ServedResource[]> {
  return sorted((await readAggregated(client)) ?? (await readLegacy(client)));
}

/** How long a cluster's discovery is used before it is read again, and the least time between two reads a miss may force. */
export const discoveryTimings = { maxAgeMs: 60_000, minRefreshMs: 5_000 };

interface Entry {
  at: number;
  resources: Promise<ServedResource[]>;
}

const cache = new Map<string, Entry>();
const MAX_ENTRIES = 500;

/** Per cluster and identity: discovery may differ by who asks (an aggregated API server's authorization). Tokens are only kept hashed. */
export function callerCacheKey(cluster: string, identity: RequestIdentity): string {
  const who = identity.mode === 'token' ? identity.token : identity.mode === 'proxy' ? `${identity.username}\n${identity.groups.join(',')}` : 'kubeconfig';
  return `${cluster}\n${identity.mode}\n${createHash('sha256').update(who).digest('hex')}`;
}

function load(key: string, client: StreamingKubeClient, now: number): Promise<ServedResource[]> {
  const previous = cache.get(key)?.resources.catch(() => undefined);
  const read = readDiscovery(client);
  // An unchanged read keeps the previous array, so what callers derived from it (list access) stays cached.
  const resources = previous ? Promise.all([read, previous]).then(([fresh, old]) => (old && JSON.stringify(old) === JSON.stringify(fresh) ? old : fresh)) : read;
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: now, resources });
  resources.catch(() => cache.get(key)?.resources === resources && cache.delete(key));
  return resources;
}

/** The served resources, from the cache while younger than `maxAgeMs`. */
export function servedResources(client: StreamingKubeClient, identity: RequestIdentity, now = Date.now(), maxAgeMs = discoveryTimings.maxAgeMs): Promise<ServedResource[]> {
  const key = callerCacheKey(client.cluster, identity);
  const entry = cache.get(key);
  if (entry && now - entry.at < maxAgeMs) return entry.resources;
  return load(key, client, now);
}

export interface ResourceName {
  group: string;
  version: string;
  resource: string;
}

/**
 * The served resource a path names. A miss reads discovery again (a CRD may have just been
 * established), at most once per minRefreshMs; still unknown, it is a 404.
 */
export async function findResource(client: StreamingKubeClient, identity: RequestIdentity, name: ResourceName, now = Date.now()): Promise<ServedResource> {
  const match = (list: ServedResource[]) => list.find((r) => r.group === name.group && r.version === name.version && r.resource === name.resource);
  const found = match(await servedResources(client, identity, now));
  if (found) return found;
  const key = callerCacheKey(client.cluster, identity);
  const entry = cache.get(key);
  if (!entry || now - entry.at >= discoveryTimings.minRefreshMs) {
    const again = match(await load(key, client, now));
    if (again) return again;
  }
  throw consoleErrors.notFound(`the server does not serve "${name.resource}" in ${name.group === 'core' ? '' : `${name.group}/`}${name.version}`);
}

/** The client's ResourceRef group: "" for core. */
export const refGroup = (group: string) => (group === 'core' ? '' : group);

/** Forgets every cluster's discovery (tests). */
export function forgetDiscovery(): void {
  cache.clear();
}
