/** The resources and verbs the Can-I matrix asks about, namespaced and cluster-scoped. */

export const MATRIX_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

export interface MatrixResource {
  group: string;
  resource: string;
  subresource?: string;
}

const r = (group: string, resource: string, subresource?: string): MatrixResource => ({ group, resource, ...(subresource ? { subresource } : {}) });

/** What people work with in a namespace, the seeds' kinds first. */
export const NAMESPACED_RESOURCES: MatrixResource[] = [
  r('', 'pods'),
  r('', 'pods', 'log'),
  r('', 'pods', 'exec'),
  r('', 'services'),
  r('', 'configmaps'),
  r('', 'secrets'),
  r('', 'events'),
  r('', 'persistentvolumeclaims'),
  r('', 'serviceaccounts'),
  r('apps', 'deployments'),
  r('apps', 'deployments', 'scale'),
  r('apps', 'replicasets'),
  r('apps', 'statefulsets'),
  r('apps', 'daemonsets'),
  r('batch', 'jobs'),
  r('batch', 'cronjobs'),
  r('autoscaling', 'horizontalpodautoscalers'),
  r('policy', 'poddisruptionbudgets'),
  r('networking.k8s.io', 'ingresses'),
  r('networking.k8s.io', 'networkpolicies'),
  r('rbac.authorization.k8s.io', 'roles'),
  r('rbac.authorization.k8s.io', 'rolebindings'),
];

/** Cluster-scoped kinds, then the namespaced kinds most often read across all namespaces. */
export const CLUSTER_RESOURCES: MatrixResource[] = [
  r('', 'namespaces'),
  r('', 'nodes'),
  r('', 'persistentvolumes'),
  r('storage.k8s.io', 'storageclasses'),
  r('rbac.authorization.k8s.io', 'clusterroles'),
  r('rbac.authorization.k8s.io', 'clusterrolebindings'),
  r('apiextensions.k8s.io', 'customresourcedefinitions'),
  r('', 'pods'),
  r('', 'secrets'),
  r('apps', 'deployments'),
  r('', 'events'),
];

/** `deployments.apps/scale`, as kubectl names a resource. */
export function resourceLabel(item: MatrixResource): string {
  return `${item.resource}${item.group ? `.${item.group}` : ''}${item.subresource ? `/${item.subresource}` : ''}`;
}
