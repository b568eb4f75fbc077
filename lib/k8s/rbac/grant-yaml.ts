/** The smallest Role and RoleBinding (ClusterRole and ClusterRoleBinding at the cluster scope) that grant one missing permission to one user. */
import type { MissingPermission } from './forbidden';
import { serviceAccountOf } from './subjects';
import { RBAC_GROUP } from './types';

/** A DNS-1123 subdomain built from the parts, e.g. `dev-list-pods`. */
export function grantName(missing: MissingPermission): string {
  const what = missing.path !== undefined ? ['path', missing.path] : [missing.resource, missing.subresource, missing.name];
  const text = [missing.user.replace(/^system:serviceaccount:/, ''), missing.verb, ...what].filter(Boolean).join('-').toLowerCase();
  const name = text.replace(/[^a-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return (name || 'grant').slice(0, 253).replace(/[-.]+$/, '');
}

const q = (value: string) => JSON.stringify(value);
const list = (values: string[]) => `[${values.map(q).join(', ')}]`;

function subjectLines(user: string): string[] {
  const sa = serviceAccountOf(user);
  if (sa) return ['- kind: ServiceAccount', `  name: ${q(sa.name)}`, `  namespace: ${q(sa.namespace)}`];
  return ['- kind: User', `  apiGroup: ${RBAC_GROUP}`, `  name: ${q(user)}`];
}

/** YAML for `kubectl apply -f -`: the role with exactly the missing rule, and its binding to the user. */
export function grantYaml(missing: MissingPermission): string {
  const name = grantName(missing);
  const clusterScoped = missing.path !== undefined || !missing.namespace;
  const [roleKind, bindingKind] = clusterScoped ? ['ClusterRole', 'ClusterRoleBinding'] : ['Role', 'RoleBinding'];
  const metadata = ['metadata:', `  name: ${name}`, ...(clusterScoped ? [] : [`  namespace: ${q(missing.namespace)}`])];
  const rule =
    missing.path !== undefined
      ? [`- nonResourceURLs: ${list([missing.path])}`, `  verbs: ${list([missing.verb])}`]
      : [
          `- apiGroups: ${list([missing.group])}`,
          `  resources: ${list([missing.subresource ? `${missing.resource}/${missing.subresource}` : missing.resource])}`,
          ...(missing.name ? [`  resourceNames: ${list([missing.name])}`] : []),
          `  verbs: ${list([missing.verb])}`,
        ];
  return [
    `apiVersion: ${RBAC_GROUP}/v1`,
    `kind: ${roleKind}`,
    ...metadata,
    'rules:',
    ...rule,
    '---',
    `apiVersion: ${RBAC_GROUP}/v1`,
    `kind: ${bindingKind}`,
    ...metadata,
    'subjects:',
    ...subjectLines(missing.user),
    'roleRef:',
    `  apiGroup: ${RBAC_GROUP}`,
    `  kind: ${roleKind}`,
    `  name: ${name}`,
    '',
  ].join('\n');
}
