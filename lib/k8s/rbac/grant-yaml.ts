/** The smallest Role and RoleBinding (ClusterRole and ClusterRoleBinding at the cluster scope) that grant one missing permission to one user. */
import { stringify } from 'yaml';
import type { MissingPermission } from './forbidden';
import { serviceAccountOf } from './subjects';
import { RBAC_GROUP, type BindingObject, type PolicyRule, type RoleObject, type Subject } from './types';

/** A DNS-1123 subdomain built from the parts, e.g. `dev-list-pods`. */
export function grantName(missing: MissingPermission): string {
  const what = missing.path !== undefined ? ['path', missing.path] : [missing.resource, missing.subresource, missing.name];
  const text = [missing.user.replace(/^system:serviceaccount:/, ''), missing.verb, ...what].filter(Boolean).join('-').toLowerCase();
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

/** The role with exactly the missing rule, and its binding to the user. */
function grantObjects(missing: MissingPermission): [RoleObject & { apiVersion: string }, BindingObject & { apiVersion: string }] {
  const name = grantName(missing);
  const clusterScoped = missing.path !== undefined || !missing.namespace;
  const [roleKind, bindingKind] = clusterScoped ? ['ClusterRole', 'ClusterRoleBinding'] : ['Role', 'RoleBinding'];
  const metadata = clusterScoped ? { name } : { name, namespace: missing.namespace };
  const rule: PolicyRule =
    missing.path !== undefined
      ? { nonResourceURLs: [missing.path], verbs: [missing.verb] }
      : {
          apiGroups: [missing.group],
          resources: [missing.subresource ? `${missing.resource}/${missing.subresource}` : missing.resource],
          ...(missing.name ? { resourceNames: [missing.name] } : {}),
          verbs: [missing.verb],
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
