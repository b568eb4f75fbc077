/**
 * What the sandbox API server knows about a request once it is authenticated:
 * the user, and the attributes the authorizer decides on (as k8s.io/apiserver's
 * authorizer.Attributes).
 */

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface Attributes {
  user: UserInfo;
  /** get, list, watch, create, update, patch, delete, deletecollection, impersonate, ... */
  verb: string;
  /** true for /api and /apis paths, false for non-resource URLs such as /version. */
  resourceRequest: boolean;
  /** The request path, for non-resource requests. */
  path: string;
  apiGroup: string;
  apiVersion: string;
  /** Plural resource, e.g. "pods"; for impersonation "users", "groups", "serviceaccounts", "uids", "userextras". */
  resource: string;
  /** e.g. "log", "status", "scale"; "" when none. */
  subresource: string;
  /** "" for cluster-scoped requests. */
  namespace: string;
  /** "" when the request names no object (list, create without name). */
  name: string;
}

export type Decision = 'allow' | 'deny' | 'noOpinion';

export interface AuthorizationResult {
  decision: Decision;
  /** Why: the binding and role that allowed it, or "" (shown in 403 messages after ": " when non-empty). */
  reason: string;
}

export interface Authorizer {
  authorize(attributes: Attributes): AuthorizationResult;
}

/** One sandbox user: the bearer token the API server accepts and who it is. */
export interface SandboxUser extends UserInfo {
  token: string;
  /** Shown on the console's sign-in page. */
  description: string;
}
