/** The kinds the sandbox API server serves, as discovery describes them. */
import type { KubeObject } from './store';

export interface ResourceType {
  /** API group; "" for the core group. */
  group: string;
  /** Versions served, preferred first. */
  versions: string[];
  /** Plural resource name as it appears in URLs, e.g. "deployments". */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** Subresources served, e.g. ["status", "scale"] or ["log", "status"]. */
  subresources?: string[];
  /** The CustomResourceDefinition that defines the kind; unset for built-in kinds. */
  crd?: KubeObject;
  /** Store key of the kind this one is another view of (events.k8s.io Events are the core Events); unset when it has its own. */
  storage?: string;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ = ['get', 'list'];

export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    versions: ['v1'],
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    subresources: ['status', 'finalize'],
  },
  { group: '', versions: ['v1'], plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, verbs: CRUD, shortNames: ['no'], subresources: ['status'] },
  {
    group: '',
    versions: ['v1'],
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log', 'eviction', 'binding', 'exec', 'attach', 'portforward', 'proxy'],
  },
  { group: '', versions: ['v1'], plural: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: CRUD, shortNames: ['ev'] },
  // Stored once, as core Events, and converted on the way in and out (pkg/registry/events).
  { group: 'events.k8s.io', versions: ['v1'], plural: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: CRUD, storage: 'events' },
  {
    group: '',
    versions: ['v1'],
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status', 'proxy'],
  },
  { group: '', versions: ['v1'], plural: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, verbs: CRUD, shortNames: ['ep'] },
  { group: '', versions: ['v1'], plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: CRUD, shortNames: ['cm'] },
  { group: '', versions: ['v1'], plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, verbs: CRUD },
  {
    group: '',
    versions: ['v1'],
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['pvc'],
    subresources: ['status'],
  },
  { group: '', versions: ['v1'], plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, verbs: CRUD, shortNames: ['sa'], subresources: ['token'] },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  },
  { group: 'apps', versions: ['v1'], plural: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, verbs: CRUD, shortNames: ['ds'], categories: ['all'], subresources: ['status'] },
  { group: 'batch', versions: ['v1'], plural: 'jobs', singular: 'job', kind: 'Job', namespaced: true, verbs: CRUD, categories: ['all'], subresources: ['status'] },
  { group: 'batch', versions: ['v1'], plural: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, verbs: CRUD, shortNames: ['cj'], categories: ['all'], subresources: ['status'] },
  {
    group: 'autoscaling',
    versions: ['v2', 'v1'],
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
  },
  {
    group: 'policy',
    versions: ['v1'],
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['pdb'],
    subresources: ['status'],
  },
  { group: 'networking.k8s.io', versions: ['v1'], plural: 'networkpolicies', singular: 'networkpolicy', kind: 'NetworkPolicy', namespaced: true, verbs: CRUD, shortNames: ['netpol'] },
  { group: 'networking.k8s.io', versions: ['v1'], plural: 'ingresses', singular: 'ingress', kind: 'Ingress', namespaced: true, verbs: CRUD, shortNames: ['ing'], subresources: ['status'] },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], plural: 'roles', singular: 'role', kind: 'Role', namespaced: true, verbs: CRUD },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], plural: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true, verbs: CRUD },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], plural: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false, verbs: CRUD },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], plural: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false, verbs: CRUD },
  { group: 'coordination.k8s.io', versions: ['v1'], plural: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, verbs: CRUD },
  {
    group: 'apiextensions.k8s.io',
    versions: ['v1'],
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    verbs: CRUD,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
  },
  { group: 'storage.k8s.io', versions: ['v1'], plural: 'storageclasses', singular: 'storageclass', kind: 'StorageClass', namespaced: false, verbs: CRUD, shortNames: ['sc'] },
  { group: 'authorization.k8s.io', versions: ['v1'], plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', versions: ['v1'], plural: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', versions: ['v1'], plural: 'subjectaccessreviews', singular: 'subjectaccessreview', kind: 'SubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', versions: ['v1'], plural: 'localsubjectaccessreviews', singular: 'localsubjectaccessreview', kind: 'LocalSubjectAccessReview', namespaced: true, verbs: ['create'] },
  { group: 'authentication.k8s.io', versions: ['v1'], plural: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
  // Served by every v1.32 API server (kubectl api-resources -o wide): verbs, short names and categories as it lists them.
  { group: 'discovery.k8s.io', versions: ['v1'], plural: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true, verbs: CRUD },
  { group: 'apps', versions: ['v1'], plural: 'controllerrevisions', singular: 'controllerrevision', kind: 'ControllerRevision', namespaced: true, verbs: CRUD },
  {
    group: '',
    versions: ['v1'],
    plural: 'replicationcontrollers',
    singular: 'replicationcontroller',
    kind: 'ReplicationController',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['rc'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  },
  { group: '', versions: ['v1'], plural: 'limitranges', singular: 'limitrange', kind: 'LimitRange', namespaced: true, verbs: CRUD, shortNames: ['limits'] },
  { group: '', versions: ['v1'], plural: 'resourcequotas', singular: 'resourcequota', kind: 'ResourceQuota', namespaced: true, verbs: CRUD, shortNames: ['quota'], subresources: ['status'] },
  {
    group: '',
    versions: ['v1'],
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    verbs: CRUD,
    shortNames: ['pv'],
    subresources: ['status'],
  },
  { group: '', versions: ['v1'], plural: 'podtemplates', singular: 'podtemplate', kind: 'PodTemplate', namespaced: true, verbs: CRUD },
  { group: 'metrics.k8s.io', versions: ['v1beta1'], plural: 'pods', singular: '', kind: 'PodMetrics', namespaced: true, verbs: READ },
  { group: 'metrics.k8s.io', versions: ['v1beta1'], plural: 'nodes', singular: '', kind: 'NodeMetrics', namespaced: false, verbs: READ },
];

/** Key of a resource type in the store: "pods", "apps/deployments". */
export function resourceKey(group: string, plural: string): string {
  return group ? `${group}/${plural}` : plural;
}

/** Where a type's objects live in the store. */
export function storageKey(type: ResourceType): string {
  return type.storage ?? resourceKey(type.group, type.plural);
}

const byKey = new Map(RESOURCE_TYPES.map((r) => [resourceKey(r.group, r.plural), r]));

export function findResourceType(group: string, plural: string): ResourceType | undefined {
  return byKey.get(resourceKey(group, plural));
}

export function groupVersion(r: ResourceType, version = r.versions[0]): string {
  return r.group ? `${r.group}/${version}` : version;
}
