/** The smallest Role and RoleBinding (ClusterRole and ClusterRoleBinding at the cluster scope) that grant what a refused page needs to one user. */
import { stringify } from 'yaml';
import type { MissingPermission } from './forbidden';
import { serviceAccountOf } from './subjects';
import { RBAC_GROUP, type BindingObject, type PolicyRule, type RoleObject, type Subject } from './types';

/** The order `kubectl create role --verb` and the built-in roles list verbs in. */
const VERB_ORDER = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** Kinds whose objects a controller makes under generated names: a grant on one name stops working when the next rollout replaces it. */
const GENERATED_NAMES = new Set(['pods', 'replicasets', 'controllerrevisions', 'endpointslices']);

/** What the grant gives: the verbs the page needs, and the object's name only where that name outlives a rollout. */
export interface GrantedPermission {
  verbs: string[];
  /** "" grants every object of the resource in the scope. */
  name: string;
}

export function grantedPermission(missing: MissingPermission): GrantedPermission {
  const verbs = [...new Set([missing.verb, ...(missing.needed ?? [])])].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const name = missing.path === undefined && GENERATED_NAMES.has(missing.resource) ? '' : missing.name;
  return { verbs, name };
}

const rank = (verb: string) => (VERB_ORDER.includes(verb) ? VERB_ORDER.indexOf(verb) : VERB_ORDER.length);

/**
 * What a person applying the grant should know, for the page to say in its language: the grant covers every object of
 * the resource rather than the one generated name asked for, or listing reveals every secret's values.
 * `namespace` "" means all namespaces.
 */
export type GrantNote = { kind: 'allObjects'; resource: string; name: string; namespace: string } | { kind: 'secretValues'; namespace: string };

export function grantNotes(missing: MissingPermission): GrantNote[] {
  if (missing.path !== undefined) return [];
  const { verbs, name } = grantedPermission(missing);
  const notes: GrantNote[] = [];
  if (missing.name && !name) notes.push({ kind: 'allObjects', resource: missing.resource, name: missing.name, namespace: missing.namespace });
  if (missing.group === '' && missing.resource === 'secrets' && missing.subresource === '' && verbs.some((v) => v === 'list' || v === 'watch' || v === '*')) {
    notes.push({ kind: 'secretValues', namespace: missing.namespace });
  }
  return notes;
}

/** A DNS-1123 subdomain built from the parts, e.g. `dev-list-watch-pods`. */
export function grantName(missing: MissingPermission): string {
  const { verbs, name: object } = grantedPermission(missing);
  const what = missing.path !== undefined ? ['path', missing.path] : [missing.resource, missing.subresource, object];
  const text = [missing.user.replace(/^system:serviceaccount:/, ''), ...verbs, ...what].filter(Boolean).join('-').toLowerCase();
  const name = text
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return (name || 'grant').slice(0, 253).replace(/[-.]+$/, '');
}

function subject(user: string): Subject {
  const sa = serviceAccountOf(user);
  return sa ? { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace } : { kind: 'User', apiGroup: RBAC_GROUP, name: user };
}

/** The role with exactly the needed rule, and its binding to the user. */
function grantObjects(missing: MissingPermission): [RoleObject & { apiVersion: string }, BindingObject & { apiVersion: string }] {
  const name = grantName(missing);
  const granted = grantedPermission(missing);
  const clusterScoped = missing.path !== undefined || !missing.namespace;
  const [roleKind, bindingKind] = clusterScoped ? ['ClusterRole', 'ClusterRoleBinding'] : ['Role', 'RoleBinding'];
  const metadata = clusterScoped ? { name } : { name, namespace: missing.namespace };
  const rule: PolicyRule =
    missing.path !== undefined
      ? { nonResourceURLs: [missing.path], verbs: granted.verbs }
      : {
          apiGroups: [missing.group],
          resources: [missing.subresource ? `${missing.resource}/${missing.subresource}` : missing.resource],
          ...(granted.name ? { resourceNames: [granted.name] } : {}),
          verbs: granted.verbs,
        };
  const apiVersion = `${RBAC_GROUP}/v1`;
  return [
    { apiVersion, kind: roleKind, metadata, rules: [rule] },
    { apiVersion, kind: bindingKind, metadata, subjects: [subject(missing.user)], roleRef: { apiGroup: RBAC_GROUP, kind: roleKind, name } },
  ];
}

/** YAML for `kubectl apply -f -`: the role and its binding as two documents. */
export function grantYaml(missing: MissingPermission): string {
  return grantObjects(missing)
    .map((object) => stringify(object))
    .join('---\n');
}
