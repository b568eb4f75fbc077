/**
 * The kubectl commands the sandbox's banner suggests: for each user, the
 * first candidates the sandbox's own RBAC lets that user run, so that none
 * answers Forbidden whatever the scenario bound.
 */
import type { Attributes, SandboxUser } from './kube/auth/types';
import { RbacAuthorizer } from './kube/rbac/authorizer';
import type { Store } from './kube/store';

interface Candidate {
  args: string[];
  /** The request kubectl makes for it, as RBAC sees it; none for requests every authenticated user may make. */
  request?: Pick<Attributes, 'verb' | 'apiGroup' | 'resource' | 'namespace'>;
}

const CANDIDATES: Candidate[] = [
  { args: ['get', 'nodes'], request: { verb: 'list', apiGroup: '', resource: 'nodes', namespace: '' } },
  { args: ['get', 'pods', '-n', 'eks-work'], request: { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'eks-work' } },
  { args: ['get', 'deployments', '-n', 'eks-work'], request: { verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'eks-work' } },
  { args: ['get', 'pods', '-n', 'rbac-test-ns'], request: { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'rbac-test-ns' } },
  // system:basic-user lets every authenticated user create selfsubjectreviews.
  { args: ['auth', 'whoami'] },
];

const PER_USER = 2;

export function bannerCommands(store: Store, users: SandboxUser[]): { user: string; args: string[] }[] {
  const authorizer = new RbacAuthorizer(store);
  const allowed = (user: SandboxUser, c: Candidate) =>
    !c.request || authorizer.authorize({ user, resourceRequest: true, path: '', apiVersion: 'v1', subresource: '', name: '', ...c.request }).decision === 'allow';
  return users.flatMap((user) =>
    CANDIDATES.filter((c) => allowed(user, c))
      .slice(0, PER_USER)
      .map((c) => ({ user: user.username, args: c.args })),
  );
}
