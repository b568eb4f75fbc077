import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AccessMatrix, CheckResult } from '@/server/k8s/access';
import type { BindingDetail, BindingList, Grants, RoleDetail, RoleList, WhoCanResult } from '@/server/k8s/access-rbac';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import type { RequestAttributes } from '@/lib/k8s/rbac/types';
import { apiRequest } from '../client';
import { clusterPath, resourceKey } from '../keys';

export type { AccessMatrix, BindingDetail, BindingList, CheckResult, Grants, RoleDetail, RoleList, WhoCanResult };

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

const accessPath = (cluster: string, ...rest: string[]) => clusterPath(cluster, 'access', ...rest);

/** Whose matrix: the caller's own (undefined), or another subject's. */
export interface OtherSubject {
  user?: string;
  groups?: string;
  serviceAccount?: string;
}

export interface PermissionQuery {
  verb: string;
  resource: string;
  group?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export function accessReviewQuery(cluster: string, namespace: string, other: OtherSubject | undefined) {
  const params = { namespace, ...other };
  return queryOptions({
    queryKey: resourceKey({ resource: 'access-review', cluster, params }),
    queryFn: () => apiRequest<AccessMatrix>(accessPath(cluster, 'review') + query(params)),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

export function whoCanQuery(cluster: string, permission: PermissionQuery | undefined) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'who-can', cluster, permission: permission ?? null }),
    queryFn: () => apiRequest<WhoCanResult & { permission: RequestAttributes }>(accessPath(cluster, 'who-can') + query({ ...permission })),
    enabled: !!permission,
    staleTime: 30_000,
  });
}

/** The roles that would grant what a 403 said was missing, and YAML granting it. */
export function grantsQuery(cluster: string, missing: MissingPermission | undefined) {
  const params = missing
    ? missing.path !== undefined
      ? { verb: missing.verb, path: missing.path }
      : {
          verb: missing.verb,
          resource: missing.resource,
          subresource: missing.subresource,
          group: missing.group,
          namespace: missing.namespace,
          name: missing.name,
          needed: missing.needed?.join(',') ?? '',
        }
    : undefined;
  return queryOptions({
    queryKey: resourceKey({ resource: 'grants', cluster, params: params ?? null }),
    queryFn: () => apiRequest<Grants>(accessPath(cluster, 'grants') + query(params ?? {})),
    enabled: !!params && !!cluster,
    staleTime: 60_000,
  });
}

export function rolesQuery(cluster: string, namespace: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'roles', cluster, namespace }),
    queryFn: () => apiRequest<RoleList>(accessPath(cluster, 'roles') + query({ namespace })),
    staleTime: 30_000,
  });
}

export function bindingsQuery(cluster: string, namespace: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'bindings', cluster, namespace }),
    queryFn: () => apiRequest<BindingList>(accessPath(cluster, 'bindings') + query({ namespace })),
    staleTime: 30_000,
  });
}

export function roleQuery(cluster: string, plural: string, name: string, namespace: string | undefined) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'role', cluster, plural, name, namespace: namespace ?? null }),
    queryFn: () => apiRequest<RoleDetail>(accessPath(cluster, 'roles', plural, encodeURIComponent(name)) + query({ namespace })),
    staleTime: 30_000,
  });
}

export function bindingQuery(cluster: string, plural: string, name: string, namespace: string | undefined) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'binding', cluster, plural, name, namespace: namespace ?? null }),
    queryFn: () => apiRequest<BindingDetail>(accessPath(cluster, 'bindings', plural, encodeURIComponent(name)) + query({ namespace })),
    staleTime: 30_000,
  });
}

/** May the caller do it? A POST with the session's CSRF token, answered by a SelfSubjectAccessReview, with the bindings behind a yes. */
export function selfCheckQuery(cluster: string, permission: PermissionQuery | undefined, csrfToken: string | undefined) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'self-check', cluster, permission: permission ?? null }),
    queryFn: () =>
      apiRequest<CheckResult>(accessPath(cluster, 'check'), {
        method: 'POST',
        body: Object.fromEntries(Object.entries(permission ?? {}).filter(([, v]) => v)),
        csrfToken,
      }),
    enabled: !!permission && !!csrfToken,
    staleTime: 30_000,
  });
}
