/** Where a served resource and its objects are shown: the dedicated page where one exists, else the generic one. */
import { bindingHref, roleHref } from '../access/links';
import { hpaHref } from '../autoscaling/links';
import { nodeHref, podHref, workloadHref } from '../pods/links';
import { clusterHref } from '../shell/urls';

export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
}

const key = (r: Pick<ResourceRef, 'group' | 'resource'>) => `${r.group}/${r.resource}`;

/** The dedicated list pages, by group/resource. */
const DEDICATED_LISTS: Record<string, string> = {
  'core/pods': 'pods',
  'core/nodes': 'nodes',
  'core/secrets': 'secrets',
  'apps/deployments': 'workloads',
  'apps/statefulsets': 'workloads',
  'apps/daemonsets': 'workloads',
  'apps/replicasets': 'workloads',
  'batch/jobs': 'workloads',
  'batch/cronjobs': 'workloads',
  'autoscaling/horizontalpodautoscalers': 'autoscaling',
  'rbac.authorization.k8s.io/roles': 'access',
  'rbac.authorization.k8s.io/clusterroles': 'access',
  'rbac.authorization.k8s.io/rolebindings': 'access',
  'rbac.authorization.k8s.io/clusterrolebindings': 'access',
};

const WORKLOAD_KINDS: Record<string, string> = {
  'apps/deployments': 'Deployment',
  'apps/statefulsets': 'StatefulSet',
  'apps/daemonsets': 'DaemonSet',
  'apps/replicasets': 'ReplicaSet',
  'batch/jobs': 'Job',
  'batch/cronjobs': 'CronJob',
};

/** The dedicated page of a resource's list, if it has one. */
export function dedicatedListPage(r: Pick<ResourceRef, 'group' | 'resource'>): string | undefined {
  return DEDICATED_LISTS[key(r)];
}

function generic(cluster: string, r: ResourceRef): string {
  return clusterHref(cluster, `r/${encodeURIComponent(r.group)}/${encodeURIComponent(r.version)}/${encodeURIComponent(r.resource)}`);
}

/** The list page of a resource, keeping the namespace in the query as every shell link does. */
export function resourceListHref(cluster: string, r: ResourceRef, namespace?: string): string {
  const dedicated = dedicatedListPage(r);
  if (dedicated) return clusterHref(cluster, dedicated, namespace);
  const path = generic(cluster, r);
  return namespace ? `${path}?namespace=${encodeURIComponent(namespace)}` : path;
}

/** The generic list page even for a kind with a dedicated one. */
export function genericListHref(cluster: string, r: ResourceRef, namespace?: string): string {
  const path = generic(cluster, r);
  return namespace ? `${path}?namespace=${encodeURIComponent(namespace)}` : path;
}

/** An object's page: the dedicated one (pods, workloads, nodes, HPAs, roles, bindings) or the generic one; namespace '' for a cluster-scoped object. */
export function resourceObjectHref(cluster: string, r: ResourceRef, namespace: string, name: string): string {
  const k = key(r);
  if (k === 'core/pods') return podHref(cluster, namespace, name);
  if (k === 'core/nodes') return nodeHref(cluster, name);
  if (WORKLOAD_KINDS[k]) return workloadHref(cluster, namespace, WORKLOAD_KINDS[k], name);
  if (k === 'autoscaling/horizontalpodautoscalers') return hpaHref(cluster, namespace, name);
  if (k === 'rbac.authorization.k8s.io/roles' || k === 'rbac.authorization.k8s.io/clusterroles')
    return roleHref(cluster, { kind: r.resource === 'roles' ? 'Role' : 'ClusterRole', name, ...(namespace ? { namespace } : {}) });
  if (k === 'rbac.authorization.k8s.io/rolebindings' || k === 'rbac.authorization.k8s.io/clusterrolebindings')
    return bindingHref(cluster, { kind: r.resource === 'rolebindings' ? 'RoleBinding' : 'ClusterRoleBinding', name, ...(namespace ? { namespace } : {}) });
  const path = `${generic(cluster, r)}/${namespace ? encodeURIComponent(namespace) : '_'}/${encodeURIComponent(name)}`;
  return namespace ? `${path}?namespace=${encodeURIComponent(namespace)}` : path;
}
