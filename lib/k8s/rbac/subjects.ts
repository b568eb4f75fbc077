/** Which binding subjects apply to a user, and how the RBAC authorizer words them. */
import { goQuote } from '../label-selector';
import type { BindingObject, Subject, UserInfo } from './types';

/** The first subject of a binding that applies to the user; `namespace` is the RoleBinding's ("" for a ClusterRoleBinding). */
export function appliesTo(user: UserInfo, subjects: Subject[] | null | undefined, namespace: string): Subject | undefined {
  return (subjects ?? []).find((s) => appliesToUser(user, s, namespace));
}

export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // A RoleBinding's ServiceAccount subject without a namespace means the binding's own namespace.
      const saNamespace = subject.namespace || namespace;
      return saNamespace !== '' && user.username === `system:serviceaccount:${saNamespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

export type BindingKind = 'ClusterRoleBinding' | 'RoleBinding';

/** `ClusterRoleBinding "x" of ClusterRole "y" to User "z"`, `RoleBinding "b/ns" of Role "r" to Group "g"`. */
export function describeSource(bindingKind: BindingKind, binding: BindingObject, subject: Subject): string {
  const bindingNamespace = bindingKind === 'RoleBinding' ? (binding.metadata.namespace ?? '') : '';
  const name = bindingKind === 'RoleBinding' ? `${binding.metadata.name}/${bindingNamespace}` : binding.metadata.name;
  return `${bindingKind} ${goQuote(name)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${describeSubject(subject, bindingNamespace)}`;
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}

/** The user a service account authenticates as. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The service account behind a `system:serviceaccount:NS:NAME` user name, if it is one. */
export function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  return match ? { namespace: match[1], name: match[2] } : undefined;
}
