/**
 * RBAC's escalation prevention on writes of Roles, ClusterRoles and their
 * bindings (k8s.io/kubernetes/pkg/registry/rbac: the policy-based storages,
 * ConfirmNoEscalation and the rule comparator): a user may only grant the
 * permissions they hold, unless they have the escalate (roles) or bind
 * (bindings) verb, or are in system:masters.
 */
import type { Attributes, UserInfo } from '../auth/types';
import type { KubeObject } from '../store';
import type { StatusError } from '../status';
import { goQuote } from '@/lib/k8s/label-selector';
import { breakdownRule, compactRules, compactString, goStrings } from '@/lib/k8s/rbac/compact';
import { newForbidden } from './forbidden';
import { aggregateErrors, PRIVILEGED_GROUP, type RbacAuthorizer } from './authorizer';
import { RBAC_GROUP, type PolicyRule, type RoleRef } from './types';

export type RbacKind = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/**
 * Throws the API server's 403 when `user` may not create or update `object`
 * (a Role, ClusterRole, RoleBinding or ClusterRoleBinding) in `namespace`
 * ("" for the cluster-scoped kinds). Call after the ordinary authorization
 * of the create/update/patch itself.
 */
export function confirmNoEscalation(authorizer: RbacAuthorizer, user: UserInfo, resource: RbacKind, namespace: string, object: KubeObject): void {
  if (user.groups.includes(PRIVILEGED_GROUP)) return;
  const name = object.metadata?.name ?? '';
  const forbidden = (message: string) => forbiddenRbac(resource, name, message);
  if (resource === 'roles' || resource === 'clusterroles') {
    const escalate = attributes(user, 'escalate', resource, namespace, name);
    if (authorizer.authorize(escalate).decision === 'allow') return;
    if (resource === 'clusterroles' && object.aggregationRule) {
      if (escalationError(authorizer, user, namespace, FULL_AUTHORITY)) throw forbidden('must have cluster-admin privileges to use the aggregationRule');
    }
    const message = escalationError(authorizer, user, namespace, (object.rules ?? []) as PolicyRule[]);
    if (message) throw forbidden(message);
    return;
  }
  const roleRef = object.roleRef as RoleRef | undefined;
  const bindingNamespace = resource === 'rolebindings' ? namespace : '';
  if (roleRef && bindingAuthorized(authorizer, user, roleRef, bindingNamespace)) return;
  const rules = authorizer.roleRefRules(roleRef, bindingNamespace);
  if (typeof rules === 'string') throw forbidden(rules);
  const message = escalationError(authorizer, user, namespace, rules);
  if (message) throw forbidden(message);
}

/** The bind verb on the referenced role, checked in the binding's namespace. */
function bindingAuthorized(authorizer: RbacAuthorizer, user: UserInfo, roleRef: RoleRef, bindingNamespace: string): boolean {
  if (roleRef.kind !== 'ClusterRole' && roleRef.kind !== 'Role') return false;
  const resource = roleRef.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
  const bind = { ...attributes(user, 'bind', resource, bindingNamespace, roleRef.name), apiGroup: roleRef.apiGroup };
  return authorizer.authorize(bind).decision === 'allow';
}

function attributes(user: UserInfo, verb: string, resource: string, namespace: string, name: string): Attributes {
  return { user, verb, resourceRequest: true, path: '', apiGroup: RBAC_GROUP, apiVersion: '*', resource, subresource: '', namespace, name };
}

/** ConfirmNoEscalation's message, or "" when the user's own rules cover `rules`. */
function escalationError(authorizer: RbacAuthorizer, user: UserInfo, namespace: string, rules: PolicyRule[]): string {
  const { rules: owner, errors } = authorizer.policyRulesFor(user, namespace);
  const missing = uncovered(owner, rules);
  if (missing.length === 0) return '';
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  let message = `user ${goQuote(user.username)} (groups=${goStrings(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (errors.length > 0) message += `; resolution errors: [${aggregateErrors(errors)}]`;
  return message;
}

/** Every atomic (group, resource, verb[, name]) or (url, verb) piece of `servant` no owner rule covers. */
export function uncovered(owner: PolicyRule[], servant: PolicyRule[]): PolicyRule[] {
  return servant.flatMap(breakdownRule).filter((sub) => !owner.some((rule) => ruleCovers(rule, sub)));
}

function hasAll(set: string[] | undefined, wanted: string[] | undefined): boolean {
  return (wanted ?? []).every((w) => (set ?? []).includes(w));
}

function resourceCoversAll(owned: string[] | undefined, wanted: string[] | undefined): boolean {
  const set = owned ?? [];
  if (set.includes('*') || hasAll(set, wanted)) return true;
  return (wanted ?? []).every((path) => set.includes(path) || (path.includes('/') && set.includes(`*/${path.slice(path.indexOf('/') + 1)}`)));
}

function nonResourceURLCovers(owner: string, path: string): boolean {
  return owner === path || (owner.endsWith('*') && path.startsWith(owner.replace(/\*+$/, '')));
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = (owner.verbs ?? []).includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = (sub.nonResourceURLs ?? []).every((path) => (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, path)));
  const ownerNames = owner.resourceNames ?? [];
  const names = sub.resourceNames?.length ? ownerNames.length === 0 || hasAll(ownerNames, sub.resourceNames) : ownerNames.length === 0;
  return verbs && groups && resources && urls && names;
}

function forbiddenRbac(resource: RbacKind, name: string, message: string): StatusError {
  return newForbidden(RBAC_GROUP, resource, name, message);
}
