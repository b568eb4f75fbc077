/**
 * Discovery documents: /version, /api, /apis, each group and group version,
 * and the aggregated (apidiscovery.k8s.io/v2) form kubectl 1.32 asks for first.
 */
import { RESOURCE_TYPES, type ResourceType } from '../resources';

export const SERVER_VERSION = {
  major: '1',
  minor: '32+',
  gitVersion: 'v1.32.9-eks-113cf36',
  gitCommit: '2aed8cd6e7b4a6a3b8f32de0c1fe3ac4e4a4fbd0',
  gitTreeState: 'clean',
  buildDate: '2025-09-22T20:14:25Z',
  goVersion: 'go1.23.12',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Content type of aggregated discovery responses. */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Group order as a v1.32 API server lists them (by group priority). */
const GROUP_ORDER = [
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'metrics.k8s.io',
];

interface SubresourceInfo {
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
}

/** What each subresource answers with and which verbs it takes, as a real server's discovery says. */
const SUBRESOURCES: Record<string, (type: ResourceType) => SubresourceInfo> = {
  status: (t) => ({ kind: t.kind, verbs: ['get', 'patch', 'update'] }),
  scale: () => ({ group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }),
  log: () => ({ kind: 'Pod', verbs: ['get'] }),
  eviction: () => ({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] }),
  binding: () => ({ kind: 'Binding', verbs: ['create'] }),
  exec: () => ({ kind: 'PodExecOptions', verbs: ['create', 'get'] }),
  attach: () => ({ kind: 'PodAttachOptions', verbs: ['create', 'get'] }),
  portforward: () => ({ kind: 'PodPortForwardOptions', verbs: ['create', 'get'] }),
  proxy: (t) => ({ kind: `${t.kind}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update'] }),
  finalize: (t) => ({ kind: t.kind, verbs: ['update'] }),
  token: () => ({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }),
};

export function subresourceInfo(type: ResourceType, subresource: string): SubresourceInfo | undefined {
  if (!type.subresources?.includes(subresource)) return undefined;
  return SUBRESOURCES[subresource]?.(type);
}

/** Groups of custom resources rank below every built-in group and above metrics.k8s.io, whose APIService has the lowest priority. */
const LAST_GROUPS = ['metrics.k8s.io'];

function groups(types: ResourceType[]): { name: string; versions: string[] }[] {
  const byGroup = new Map<string, Set<string>>();
  for (const t of types) {
    if (!t.group) continue;
    const versions = byGroup.get(t.group) ?? new Set<string>();
    for (const v of t.versions) versions.add(v);
    byGroup.set(t.group, versions);
  }
  const rank = (g: string) => {
    if (LAST_GROUPS.includes(g)) return GROUP_ORDER.length + 1;
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  return [...byGroup.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([name, versions]) => ({ name, versions: [...versions] }));
}

function groupVersionRef(group: string, version: string) {
  return { groupVersion: group ? `${group}/${version}` : version, version };
}

export function apiVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:443' }],
  };
}

function apiGroup(g: { name: string; versions: string[] }) {
  return {
    name: g.name,
    versions: g.versions.map((v) => groupVersionRef(g.name, v)),
    preferredVersion: groupVersionRef(g.name, g.versions[0]),
  };
}

export function apiGroupList(types: ResourceType[] = RESOURCE_TYPES) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups(types).map(apiGroup) };
}

export function apiGroupDocument(name: string, types: ResourceType[] = RESOURCE_TYPES) {
  const g = groups(types).find((x) => x.name === name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

function typesIn(all: ResourceType[], group: string, version: string): ResourceType[] {
  return all.filter((t) => t.group === group && t.versions.includes(version));
}

export function apiResourceList(group: string, version: string, all: ResourceType[] = RESOURCE_TYPES) {
  const types = typesIn(all, group, version);
  if (types.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const t of types) {
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources ?? []) {
      const info = subresourceInfo(t, sub);
      if (!info) continue;
      resources.push({
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(info.group !== undefined ? { group: info.group, version: info.version } : {}),
        kind: info.kind,
        verbs: info.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function discoveryResource(t: ResourceType, version: string) {
  return {
    resource: t.plural,
    responseKind: { group: t.group, version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    ...(t.categories ? { categories: t.categories } : {}),
    ...(t.subresources
      ? {
          subresources: t.subresources.flatMap((sub) => {
            const info = subresourceInfo(t, sub);
            if (!info) return [];
            return [{ subresource: sub, responseKind: { group: info.group ?? t.group, version: info.version ?? version, kind: info.kind }, verbs: info.verbs }];
          }),
        }
      : {}),
  };
}

function discoveryGroup(all: ResourceType[], name: string, versions: string[]) {
  return {
    metadata: { ...(name ? { name } : {}), creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: typesIn(all, name, version).map((t) => discoveryResource(t, version)),
      freshness: 'Current',
    })),
  };
}

/** The aggregated discovery document for /api (core only) or /apis (every group). */
export function aggregatedDiscovery(prefix: 'api' | 'apis', types: ResourceType[] = RESOURCE_TYPES) {
  const items = prefix === 'api' ? [discoveryGroup(types, '', ['v1'])] : groups(types).map((g) => discoveryGroup(types, g.name, g.versions));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** Whether the Accept header asks for aggregated discovery (v2; v2beta1 is answered with v2 only when listed). */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => /;\s*g=apidiscovery\.k8s\.io/.test(part) && /;\s*v=v2(\s*;|\s*$)/.test(part) && /as=APIGroupDiscoveryList/.test(part));
}
