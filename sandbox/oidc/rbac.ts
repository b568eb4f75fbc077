/**
 * The OpenID provider's groups bound as the token users' groups are: admins may do anything,
 * oncall reads every namespace, developers read rbac-test-ns only (the seeds' developer namespace).
 */
import type { JwtAuthenticatorConfig } from '../kube/auth/jwt';
import type { World } from '../world/world';

/** The prefix the API server's JWT authenticator puts before usernames and groups, as EKS's usernamePrefix/groupsPrefix. */
export const OIDC_PREFIX = 'oidc:';

const BINDINGS = [
  { name: 'oidc-admins-cluster-admin', group: 'admins', clusterRole: 'cluster-admin' },
  { name: 'oidc-oncall-view', group: 'oncall', clusterRole: 'view' },
  { name: 'oidc-developers-view', group: 'developers', clusterRole: 'view', namespace: 'rbac-test-ns' },
];

export function bindOidcGroups(world: World): void {
  for (const b of BINDINGS) {
    world.store.create(`rbac.authorization.k8s.io/${b.namespace ? 'rolebindings' : 'clusterrolebindings'}`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: b.namespace ? 'RoleBinding' : 'ClusterRoleBinding',
      metadata: { name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: b.clusterRole },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${OIDC_PREFIX}${b.group}` }],
    });
  }
}

/**
 * The API server's JWT authenticator for the provider, as an EKS OIDC identity provider config
 * would set it: audience the console's client id, username from `email` (which EKS and
 * kube-apiserver accept only with email_verified), groups from `groups`, both prefixed `oidc:`.
 */
export function oidcAuthenticator(oidc: { issuer: string; caPem: string; clientId: string }): JwtAuthenticatorConfig {
  return {
    issuer: { url: oidc.issuer, audiences: [oidc.clientId], certificateAuthority: oidc.caPem },
    claimMappings: { username: { claim: 'email', prefix: OIDC_PREFIX }, groups: { claim: 'groups', prefix: OIDC_PREFIX } },
  };
}
