/**
 * The OpenID provider's people: the same three roles as the token users, each
 * with a password (new at every start) and the group the sandbox's RBAC binds.
 */
import { randomBytes } from 'node:crypto';

export interface OidcUser {
  /** The login name typed into the provider's form, also the `sub` and `preferred_username` claims. */
  username: string;
  password: string;
  email: string;
  name: string;
  /** The `groups` claim; the API server sees each with the `oidc:` prefix. */
  groups: string[];
  description: string;
}

/** The email domain of the sandbox's people. */
export const OIDC_EMAIL_DOMAIN = 'eks-work.example';

function password(name: string): string {
  return `${name}-${randomBytes(9).toString('base64url')}`;
}

export function createOidcUsers(): OidcUser[] {
  const user = (username: string, name: string, groups: string[], description: string): OidcUser => ({
    username,
    password: password(username),
    email: `${username}@${OIDC_EMAIL_DOMAIN}`,
    name,
    groups,
    description,
  });
  return [
    user('admin', 'Cluster Admin', ['admins'], 'Cluster administrator (group admins, bound to cluster-admin).'),
    user('oncall', 'On-call Engineer', ['oncall'], 'On-call engineer (group oncall): read-only (view) in every namespace.'),
    user('dev', 'Developer', ['developers'], 'Developer (group developers): read-only (view) in rbac-test-ns only.'),
  ];
}
