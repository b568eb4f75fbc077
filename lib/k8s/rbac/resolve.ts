/**
 * Questions asked of a set of RBAC objects rather than of the authorizer:
 * which Roles and ClusterRoles grant a permission, who can do something
 * (as the bindings grant it, aggregated ClusterRoles included), and which
 * bindings use a role. The answers are only as complete as the objects given.
 */
import { aggregatedRuleSources } from './aggregation';
import { ruleAllows } from './rules';
import type { BindingKind } from './subjects';
import type { BindingObject, PolicyRule, RequestAttributes, RoleObject, RoleRef, Subject } from './types';

/** The RBAC objects the viewer could read; `roles` and `roleBindings` of the namespaces asked about. */
export interface RbacObjects {
  clusterRoles: RoleObject[];
  clusterRoleBindings: BindingObject[];
  roles: RoleObject[];
  roleBindings: BindingObject[];
}

export interface RoleName {
  kind: 'ClusterRole' | 'Role';
  name: string;
  /** A Role's namespace. */
  namespace?: string;
}

export interface GrantingRole extends RoleName {
  /** For an aggregated ClusterRole: the ClusterRoles whose matching rules it gathers. */
  aggregatedFrom?: string[];
}

/** A role's effective rules with where each came from: its own, or aggregated from another ClusterRole. */
export function effectiveRules(role: RoleObject, clusterRoles: RoleObject[]): { rule: PolicyRule; from?: string }[] {
  if (!role.aggregationRule) return (role.rules ?? []).map((rule) => ({ rule }));
  // The controller keeps `rules` in step; computing them again covers a role read before it caught up.
  const aggregated = aggregatedRuleSources(role, clusterRoles);
  return aggregated.length > 0 ? aggregated : (role.rules ?? []).map((rule) => ({ rule }));
}

function grantingRole(kind: RoleName['kind'], role: RoleObject, clusterRoles: RoleObject[], attributes: RequestAttributes): GrantingRole | undefined {
  const matching = effectiveRules(role, clusterRoles).filter(({ rule }) => ruleAllows(attributes, rule));
  if (matching.length === 0) return undefined;
  const from = [...new Set(matching.map((m) => m.from).filter((f): f is string => !!f))];
  return {
    kind,
    name: role.metadata.name,
    ...(kind === 'Role' ? { namespace: role.metadata.namespace ?? '' } : {}),
    ...(from.length > 0 ? { aggregatedFrom: from } : {}),
  };
}

/**
 * The ClusterRoles (bindable anywhere) and the Roles of the request's namespace that would
 * allow the request if bound to the user, ClusterRoles first, each list by name.
 */
export function rolesGranting(attributes: RequestAttributes, objects: RbacObjects): GrantingRole[] {
  const byName = (a: RoleObject, b: RoleObject) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
  const out: GrantingRole[] = [];
  for (const role of [...objects.clusterRoles].sort(byName)) {
    const granting = grantingRole('ClusterRole', role, objects.clusterRoles, attributes);
    if (granting) out.push(granting);
  }
  // A Role grants only in its own namespace, and nothing at the cluster scope.
  if (!attributes.namespace || !attributes.resourceRequest) return out;
  for (const role of objects.roles.filter((r) => r.metadata.namespace === attributes.namespace).sort(byName)) {
    const granting = grantingRole('Role', role, objects.clusterRoles, attributes);
    if (granting) out.push(granting);
  }
  return out;
}

export interface BindingName {
  kind: BindingKind;
  name: string;
  namespace?: string;
}

/** One way a subject is granted the permission: the binding and the role it binds. */
export interface WhoCanEntry {
  subject: Subject;
  binding: BindingName;
  role: GrantingRole;
}

export interface WhoCanAnswer {
  entries: WhoCanEntry[];
  /** Bindings whose role could not be found among the objects. */
  unresolved: { binding: BindingName; roleRef: RoleRef; reason: string }[];
}

function findRole(roleRef: RoleRef, namespace: string, objects: RbacObjects): { kind: RoleName['kind']; role: RoleObject } | string {
  if (roleRef.kind === 'ClusterRole') {
    const role = objects.clusterRoles.find((r) => r.metadata.name === roleRef.name);
    return role ? { kind: 'ClusterRole', role } : `clusterrole.rbac.authorization.k8s.io "${roleRef.name}" not found`;
  }
  if (roleRef.kind === 'Role') {
    const role = objects.roles.find((r) => r.metadata.name === roleRef.name && r.metadata.namespace === namespace);
    return role ? { kind: 'Role', role } : `role.rbac.authorization.k8s.io "${roleRef.name}" not found`;
  }
  return `unsupported role reference kind: "${roleRef.kind}"`;
}

/**
 * Every subject that can do the request, ClusterRoleBindings first, then the RoleBindings of
 * the request's namespace (as the authorizer visits them). A RoleBinding's ServiceAccount
 * subject without a namespace is given the binding's.
 */
export function whoCan(attributes: RequestAttributes, objects: RbacObjects): WhoCanAnswer {
  const entries: WhoCanEntry[] = [];
  const unresolved: WhoCanAnswer['unresolved'] = [];
  const visit = (kind: BindingKind, binding: BindingObject) => {
    const namespace = kind === 'RoleBinding' ? (binding.metadata.namespace ?? '') : '';
    const name: BindingName = { kind, name: binding.metadata.name, ...(namespace ? { namespace } : {}) };
    const found = findRole(binding.roleRef, namespace, objects);
    if (typeof found === 'string') {
      unresolved.push({ binding: name, roleRef: binding.roleRef, reason: found });
      return;
    }
    const granting = grantingRole(found.kind, found.role, objects.clusterRoles, attributes);
    if (!granting) return;
    for (const subject of binding.subjects ?? []) {
      const s = subject.kind === 'ServiceAccount' && !subject.namespace && namespace ? { ...subject, namespace } : subject;
      entries.push({ subject: s, binding: name, role: granting });
    }
  };
  for (const binding of objects.clusterRoleBindings) visit('ClusterRoleBinding', binding);
  if (attributes.namespace && attributes.resourceRequest) {
    for (const binding of objects.roleBindings.filter((b) => b.metadata.namespace === attributes.namespace)) visit('RoleBinding', binding);
  }
  return { entries, unresolved };
}

/** The bindings that bind a role: ClusterRoleBindings and RoleBindings for a ClusterRole, the namespace's RoleBindings for a Role. */
export function bindingsOf(role: RoleName, objects: RbacObjects): { kind: BindingKind; binding: BindingObject }[] {
  const out: { kind: BindingKind; binding: BindingObject }[] = [];
  if (role.kind === 'ClusterRole') {
    for (const b of objects.clusterRoleBindings) if (b.roleRef.kind === 'ClusterRole' && b.roleRef.name === role.name) out.push({ kind: 'ClusterRoleBinding', binding: b });
  }
  for (const b of objects.roleBindings) {
    if (b.roleRef.kind !== role.kind || b.roleRef.name !== role.name) continue;
    if (role.kind === 'Role' && b.metadata.namespace !== role.namespace) continue;
    out.push({ kind: 'RoleBinding', binding: b });
  }
  return out;
}
