'use client';
/** The Access pages' reads: one query hook per console API resource, keys under the cluster's. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AccessMatrix, CheckResult } from '@/server/k8s/access';
import type { BindingDetail, BindingList, Grants, RoleDetail, RoleList, WhoCanResult } from '@/server/k8s/access-rbac';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import type { RequestAttributes } from '@/lib/k8s/rbac/types';
import { apiRequest } from '../api/client';
import { clusterPath } from '../api/keys';
import { useSession } from '../api/session';

export type { AccessMatrix, BindingDetail, BindingList, CheckResult, Grants, RoleDetail, RoleList, WhoCanResult };

const key = (cluster: string, ...rest: unknown[]) => ['clusters', cluster, 'access', ...rest] as const;

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Whose matrix: the caller's own (undefined), or another subject's. */
export interface OtherSubject {
  user?: string;
  groups?: string;
  serviceAccount?: string;
}

export function useAccessReview(cluster: string, namespace: string, other: OtherSubject | undefined) {
  const params = { namespace, ...other };
  return useQuery({
    queryKey: key(cluster, 'review', params),
    queryFn: () => apiRequest<AccessMatrix>(clusterPath(cluster, 'access', 'review') + query(params)),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

export interface PermissionQuery {
  verb: string;
  resource: string;
  group?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export function useWhoCan(cluster: string, permission: PermissionQuery | undefined) {
  return useQuery({
    queryKey: key(cluster, 'who-can', permission),
    queryFn: () => apiRequest<WhoCanResult & { permission: RequestAttributes }>(clusterPath(cluster, 'access', 'who-can') + query({ ...permission })),
    enabled: !!permission,
    staleTime: 30_000,
  });
}

/** The roles that would grant what a 403 said was missing, and YAML granting it. */
export function useGrants(cluster: string, missing: MissingPermission | undefined) {
  const params = missing
    ? missing.path !== undefined
      ? { verb: missing.verb, path: missing.path }
      : { verb: missing.verb, resource: missing.resource, subresource: missing.subresource, group: missing.group, namespace: missing.namespace, name: missing.name }
    : undefined;
  return useQuery({
    queryKey: key(cluster, 'grants', params),
    queryFn: () => apiRequest<Grants>(clusterPath(cluster, 'access', 'grants') + query(params ?? {})),
    enabled: !!params && !!cluster,
    staleTime: 60_000,
  });
}

export function useRoles(cluster: string, namespace: string) {
  return useQuery({
    queryKey: key(cluster, 'roles', namespace),
    queryFn: () => apiRequest<RoleList>(clusterPath(cluster, 'access', 'roles') + query({ namespace })),
    staleTime: 30_000,
  });
}

export function useBindings(cluster: string, namespace: string) {
  return useQuery({
    queryKey: key(cluster, 'bindings', namespace),
    queryFn: () => apiRequest<BindingList>(clusterPath(cluster, 'access', 'bindings') + query({ namespace })),
    staleTime: 30_000,
  });
}

export function useRole(cluster: string, plural: string, name: string, namespace: string | undefined) {
  return useQuery({
    queryKey: key(cluster, 'roles', plural, name, namespace),
    queryFn: () => apiRequest<RoleDetail>(clusterPath(cluster, 'access', 'roles', plural, encodeURIComponent(name)) + query({ namespace })),
    staleTime: 30_000,
  });
}

export function useBinding(cluster: string, plural: string, name: string, namespace: string | undefined) {
  return useQuery({
    queryKey: key(cluster, 'bindings', plural, name, namespace),
    queryFn: () => apiRequest<BindingDetail>(clusterPath(cluster, 'access', 'bindings', plural, encodeURIComponent(name)) + query({ namespace })),
    staleTime: 30_000,
  });
}

/** May the caller do it? A POST (CSRF token from the session), answered by a SelfSubjectAccessReview, with the bindings behind a yes. */
export function useSelfCheck(cluster: string, permission: PermissionQuery | undefined) {
  const csrfToken = useSession().data?.csrfToken;
  return useQuery({
    queryKey: key(cluster, 'check', permission),
    queryFn: () =>
      apiRequest<CheckResult>(clusterPath(cluster, 'access', 'check'), {
        method: 'POST',
        body: Object.fromEntries(Object.entries(permission ?? {}).filter(([, v]) => v)),
        csrfToken,
      }),
    enabled: !!permission && !!csrfToken,
    staleTime: 30_000,
  });
}
