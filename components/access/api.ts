'use client';
/** The Access pages' reads: one query hook per console API resource. */
import { useQuery } from '@tanstack/react-query';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import { accessReviewQuery, bindingQuery, bindingsQuery, grantsQuery, roleQuery, rolesQuery, selfCheckQuery, whoCanQuery, type OtherSubject, type PermissionQuery } from '../api/queries/access';
import { useSession } from '../api/session';

export type { AccessMatrix, BindingDetail, BindingList, CheckResult, Grants, OtherSubject, PermissionQuery, RoleDetail, RoleList, WhoCanResult } from '../api/queries/access';

export function useAccessReview(cluster: string, namespace: string, other: OtherSubject | undefined) {
  return useQuery(accessReviewQuery(cluster, namespace, other));
}

export function useWhoCan(cluster: string, permission: PermissionQuery | undefined) {
  return useQuery(whoCanQuery(cluster, permission));
}

export function useGrants(cluster: string, missing: MissingPermission | undefined) {
  return useQuery(grantsQuery(cluster, missing));
}

export function useRoles(cluster: string, namespace: string) {
  return useQuery(rolesQuery(cluster, namespace));
}

export function useBindings(cluster: string, namespace: string) {
  return useQuery(bindingsQuery(cluster, namespace));
}

export function useRole(cluster: string, plural: string, name: string, namespace: string | undefined) {
  return useQuery(roleQuery(cluster, plural, name, namespace));
}

export function useBinding(cluster: string, plural: string, name: string, namespace: string | undefined) {
  return useQuery(bindingQuery(cluster, plural, name, namespace));
}

export function useSelfCheck(cluster: string, permission: PermissionQuery | undefined) {
  return useQuery(selfCheckQuery(cluster, permission, useSession().data?.csrfToken));
}
