/**
 * The rbac.authorization.k8s.io/v1 and authorization.k8s.io/v1 shapes RBAC
 * evaluation reads and returns. Pure: shared by the sandbox API server, the
 * console server and the UI.
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount' | string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

/** authorization.k8s.io/v1 ResourceRule, as SelfSubjectRulesReview reports it. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** authorization.k8s.io/v1 NonResourceRule. */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** Who is asking: the user name and groups the API server authenticated. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** What a request asks for, as the authorizer sees it (a subset of k8s.io/apiserver's authorizer.Attributes). */
export interface RequestAttributes {
  verb: string;
  /** true for /api and /apis paths, false for non-resource URLs such as /version. */
  resourceRequest: boolean;
  /** The request path, for non-resource requests. */
  path: string;
  apiGroup: string;
  /** Plural resource, e.g. "pods". */
  resource: string;
  /** e.g. "log", "status", "scale"; "" when none. */
  subresource: string;
  /** "" for cluster-scoped requests. */
  namespace: string;
  /** "" when the request names no object (list, create without name). */
  name: string;
}

interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
}

export interface LabelSelectorShape {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** A Role or ClusterRole. */
export interface RoleObject {
  kind?: string;
  metadata: ObjectMeta;
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelectorShape[] } | null;
}

/** A RoleBinding or ClusterRoleBinding. */
export interface BindingObject {
  kind?: string;
  metadata: ObjectMeta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
