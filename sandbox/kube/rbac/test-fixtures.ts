/** Helpers the RBAC tests share: attributes for a request and RBAC objects in a store. */
import type { Attributes, UserInfo } from '../auth/types';
import type { Store } from '../store';
import { RBAC_GROUP, RBAC_RESOURCES, type PolicyRule, type Subject } from './types';

export const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
export const oncall: UserInfo = { username: 'oncall', groups: ['oncall', 'system:authenticated'] };
export const dev: UserInfo = { username: 'dev', groups: ['rbac-test-group', 'system:authenticated'] };

export function resourceAttributes(user: UserInfo, verb: string, resource: string, options: { group?: string; namespace?: string; name?: string; subresource?: string } = {}): Attributes {
  return {
    user,
    verb,
    resourceRequest: true,
    path: '',
    apiGroup: options.group ?? '',
    apiVersion: '*',
    resource,
    subresource: options.subresource ?? '',
    namespace: options.namespace ?? '',
    name: options.name ?? '',
  };
}

export function pathAttributes(user: UserInfo, verb: string, path: string): Attributes {
  return { user, verb, resourceRequest: false, path, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

export function addClusterRole(store: Store, name: string, rules: PolicyRule[], labels?: Record<string, string>) {
  return store.create(RBAC_RESOURCES.clusterRoles, { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: { name, ...(labels ? { labels } : {}) }, rules });
}

export function addRole(store: Store, namespace: string, name: string, rules: PolicyRule[]) {
  return store.create(RBAC_RESOURCES.roles, { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata: { name, namespace }, rules });
}

export function addClusterRoleBinding(store: Store, name: string, roleName: string, subjects: Subject[]) {
  return store.create(RBAC_RESOURCES.clusterRoleBindings, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    subjects,
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName },
  });
}

export function addRoleBinding(store: Store, namespace: string, name: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: Subject[]) {
  return store.create(RBAC_RESOURCES.roleBindings, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    subjects,
    roleRef: { apiGroup: RBAC_GROUP, ...roleRef },
  });
}

export const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });
export const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC_GROUP, name });

/** The users' bindings as the default scenario grants them: oncall (group oncall) views everything, dev (group rbac-test-group) views rbac-test-ns. */
export function addScenarioBindings(store: Store) {
  addClusterRoleBinding(store, 'oncall-view', 'view', [group('oncall')]);
  addRoleBinding(store, 'rbac-test-ns', 'rbac-test-role-binding', { kind: 'ClusterRole', name: 'view' }, [group('rbac-test-group')]);
}
