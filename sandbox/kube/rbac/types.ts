/** The store keys of the RBAC kinds; the shapes themselves are shared with the console (lib/k8s/rbac/types.ts). */
import { RBAC_GROUP } from '@/lib/k8s/rbac/types';

export type { NonResourceRule, PolicyRule, ResourceRule, RoleRef, Subject } from '@/lib/k8s/rbac/types';
export { RBAC_GROUP };

export const RBAC_RESOURCES = {
  roles: `${RBAC_GROUP}/roles`,
  roleBindings: `${RBAC_GROUP}/rolebindings`,
  clusterRoles: `${RBAC_GROUP}/clusterroles`,
  clusterRoleBindings: `${RBAC_GROUP}/clusterrolebindings`,
} as const;
