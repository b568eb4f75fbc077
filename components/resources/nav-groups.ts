/** The navigation's sections of served resources, the way people look for them; any group not built in is a custom one. */

export type NavSection = 'Workloads' | 'Network' | 'Config and storage' | 'Access' | 'Cluster';

export const NAV_SECTIONS: NavSection[] = ['Workloads', 'Network', 'Config and storage', 'Access', 'Cluster'];

/** Built-in core resources by section; the rest of the core group is cluster-level. */
const CORE: Record<string, NavSection> = {
  pods: 'Workloads',
  replicationcontrollers: 'Workloads',
  services: 'Network',
  endpoints: 'Network',
  configmaps: 'Config and storage',
  secrets: 'Config and storage',
  persistentvolumeclaims: 'Config and storage',
  persistentvolumes: 'Config and storage',
  resourcequotas: 'Config and storage',
  limitranges: 'Config and storage',
  podtemplates: 'Workloads',
  serviceaccounts: 'Access',
};

/** The groups Kubernetes itself serves, by section. */
const BUILT_IN_GROUPS: Record<string, NavSection> = {
  apps: 'Workloads',
  batch: 'Workloads',
  autoscaling: 'Workloads',
  policy: 'Workloads',
  'discovery.k8s.io': 'Network',
  'networking.k8s.io': 'Network',
  'storage.k8s.io': 'Config and storage',
  'rbac.authorization.k8s.io': 'Access',
  'certificates.k8s.io': 'Access',
  'authentication.k8s.io': 'Access',
  'authorization.k8s.io': 'Access',
  'events.k8s.io': 'Cluster',
  'coordination.k8s.io': 'Cluster',
  'scheduling.k8s.io': 'Cluster',
  'node.k8s.io': 'Cluster',
  'apiextensions.k8s.io': 'Cluster',
  'apiregistration.k8s.io': 'Cluster',
  'admissionregistration.k8s.io': 'Cluster',
  'flowcontrol.apiserver.k8s.io': 'Cluster',
  'internal.apiserver.k8s.io': 'Cluster',
  'resource.k8s.io': 'Cluster',
  'storagemigration.k8s.io': 'Cluster',
  'metrics.k8s.io': 'Cluster',
};

/** A section for a built-in resource, or `{ custom: group }` for a resource of any other group. */
export function navSection(r: { group: string; resource: string }): NavSection | { custom: string } {
  if (r.group === 'core') return CORE[r.resource] ?? 'Cluster';
  return BUILT_IN_GROUPS[r.group] ?? { custom: r.group };
}

export interface NavGroup<T> {
  title: string;
  /** The API group of a custom resources group. */
  group?: string;
  items: T[];
}

/** Resources in sections (their order), then one group per custom API group (by name); within each, by kind. */
export function navGroups<T extends { group: string; resource: string; kind: string }>(resources: T[]): NavGroup<T>[] {
  const builtIn = new Map<NavSection, T[]>(NAV_SECTIONS.map((s) => [s, []]));
  const custom = new Map<string, T[]>();
  for (const r of resources) {
    const section = navSection(r);
    if (typeof section === 'string') builtIn.get(section)!.push(r);
    else custom.set(section.custom, [...(custom.get(section.custom) ?? []), r]);
  }
  const byKind = (a: T, b: T) => a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group);
  return [
    ...NAV_SECTIONS.filter((s) => builtIn.get(s)!.length > 0).map((title) => ({ title, items: builtIn.get(title)!.sort(byKind) })),
    ...[...custom.keys()].sort().map((group) => ({ title: group, group, items: custom.get(group)!.sort(byKind) })),
  ];
}
