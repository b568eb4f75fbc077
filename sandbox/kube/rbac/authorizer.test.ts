import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store';
import { RbacAuthorizer } from './authorizer';
import { addClusterRole, addClusterRoleBinding, addRole, addRoleBinding, admin, dev, group, pathAttributes, resourceAttributes, user } from './test-fixtures';

let store: Store;
let rbac: RbacAuthorizer;

beforeEach(() => {
  store = new Store();
  rbac = new RbacAuthorizer(store);
});

describe('RbacAuthorizer.authorize', () => {
  it('allows system:masters everything with no reason, as the privileged-group authorizer', () => {
    expect(rbac.authorize(resourceAttributes(admin, 'delete', 'nodes', { name: 'n1' }))).toEqual({ decision: 'allow', reason: '' });
    expect(rbac.authorize(pathAttributes(admin, 'get', '/metrics'))).toEqual({ decision: 'allow', reason: '' });
  });

  it('gives no opinion with an empty reason when nothing grants the request', () => {
    expect(rbac.authorize(resourceAttributes(dev, 'list', 'pods', { namespace: 'eks-work' }))).toEqual({ decision: 'noOpinion', reason: '' });
  });

  it('names the ClusterRoleBinding, ClusterRole and subject that allowed the request', () => {
    addClusterRole(store, 'pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]);
    addClusterRoleBinding(store, 'read-pods', 'pod-reader', [user('dev')]);
    expect(rbac.authorize(resourceAttributes(dev, 'list', 'pods', { namespace: 'eks-work' }))).toEqual({
      decision: 'allow',
      reason: 'RBAC: allowed by ClusterRoleBinding "read-pods" of ClusterRole "pod-reader" to User "dev"',
    });
  });

  it('scopes a RoleBinding to a ClusterRole to the binding namespace and names it name/namespace', () => {
    addClusterRole(store, 'pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]);
    addRoleBinding(store, 'rbac-test-ns', 'rb', { kind: 'ClusterRole', name: 'pod-reader' }, [group('rbac-test-group')]);
    expect(rbac.authorize(resourceAttributes(dev, 'list', 'pods', { namespace: 'rbac-test-ns' }))).toEqual({
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "rb/rbac-test-ns" of ClusterRole "pod-reader" to Group "rbac-test-group"',
    });
    expect(rbac.authorize(resourceAttributes(dev, 'list', 'pods', { namespace: 'eks-work' })).decision).toBe('noOpinion');
    expect(rbac.authorize(resourceAttributes(dev, 'list', 'pods')).decision).toBe('noOpinion');
  });

  it('resolves a RoleBinding to a Role in its own namespace only', () => {
    addRole(store, 'rbac-test-ns', 'cm-editor', [{ verbs: ['update'], apiGroups: [''], resources: ['configmaps'] }]);
    addRole(store, 'eks-work', 'cm-editor', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    addRoleBinding(store, 'rbac-test-ns', 'edit-cm', { kind: 'Role', name: 'cm-editor' }, [user('dev')]);
    expect(rbac.authorize(resourceAttributes(dev, 'update', 'configmaps', { namespace: 'rbac-test-ns', name: 'x' })).reason).toBe(
      'RBAC: allowed by RoleBinding "edit-cm/rbac-test-ns" of Role "cm-editor" to User "dev"',
    );
    expect(rbac.authorize(resourceAttributes(dev, 'delete', 'configmaps', { namespace: 'rbac-test-ns', name: 'x' })).decision).toBe('noOpinion');
  });

  it('matches subresources only when named, or through */subresource; pods/* is not a wildcard', () => {
    addClusterRole(store, 'r', [
      { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] },
      { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] },
      { verbs: ['create'], apiGroups: [''], resources: ['pods/*'] },
    ]);
    addClusterRoleBinding(store, 'b', 'r', [user('dev')]);
    const allowed = (verb: string, resource: string, options: Parameters<typeof resourceAttributes>[3]) =>
      rbac.authorize(resourceAttributes(dev, verb, resource, { namespace: 'eks-work', ...options })).decision === 'allow';
    expect(allowed('get', 'pods', { subresource: 'log', name: 'p' })).toBe(true);
    expect(allowed('get', 'pods', { name: 'p' })).toBe(false);
    expect(allowed('update', 'deployments', { group: 'apps', subresource: 'scale', name: 'd' })).toBe(true);
    expect(allowed('update', 'statefulsets', { group: 'apps', subresource: 'scale', name: 's' })).toBe(true);
    expect(allowed('update', 'deployments', { group: 'apps', name: 'd' })).toBe(false);
    expect(allowed('update', 'deployments', { group: 'apps', subresource: 'status', name: 'd' })).toBe(false);
    expect(allowed('create', 'pods', { subresource: 'eviction', name: 'p' })).toBe(false);
  });

  it('grants a rule with resourceNames only to requests naming one of them, never to list or create', () => {
    addClusterRole(store, 'one-cm', [{ verbs: ['get', 'list', 'create', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] }]);
    addClusterRoleBinding(store, 'b', 'one-cm', [user('dev')]);
    const decision = (verb: string, name?: string) => rbac.authorize(resourceAttributes(dev, verb, 'configmaps', { namespace: 'eks-work', name })).decision;
    expect(decision('get', 'app-config')).toBe('allow');
    expect(decision('update', 'app-config')).toBe('allow');
    expect(decision('get', 'other')).toBe('noOpinion');
    expect(decision('list')).toBe('noOpinion');
    expect(decision('create')).toBe('noOpinion');
  });

  it('treats * as any verb, group and resource, and "" as the core group only', () => {
    addClusterRole(store, 'core-all', [{ verbs: ['*'], apiGroups: [''], resources: ['*'] }]);
    addClusterRoleBinding(store, 'b', 'core-all', [user('dev')]);
    expect(rbac.authorize(resourceAttributes(dev, 'deletecollection', 'secrets', { namespace: 'x' })).decision).toBe('allow');
    expect(rbac.authorize(resourceAttributes(dev, 'get', 'deployments', { group: 'apps', namespace: 'x', name: 'd' })).decision).toBe('noOpinion');
  });

  it('matches nonResourceURLs exactly or by a trailing * prefix', () => {
    addClusterRole(store, 'urls', [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*', '/logs*'] }]);
    addClusterRoleBinding(store, 'b', 'urls', [user('dev')]);
    const decision = (verb: string, path: string) => rbac.authorize(pathAttributes(dev, verb, path)).decision;
    expect(decision('get', '/healthz')).toBe('allow');
    expect(decision('get', '/healthz/etcd')).toBe('noOpinion');
    expect(decision('get', '/apis/apps/v1')).toBe('allow');
    expect(decision('get', '/apis')).toBe('noOpinion');
    expect(decision('get', '/logs')).toBe('allow');
    expect(decision('get', '/logsx/y')).toBe('allow');
    expect(decision('post', '/healthz')).toBe('noOpinion');
  });

  it('matches ServiceAccount subjects by username, defaulting a RoleBinding subject to the binding namespace', () => {
    const sa = { username: 'system:serviceaccount:eks-work:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:eks-work', 'system:authenticated'] };
    addClusterRole(store, 'pod-reader', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]);
    addRoleBinding(store, 'eks-work', 'sa-local', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'ServiceAccount', name: 'builder' }]);
    expect(rbac.authorize(resourceAttributes(sa, 'list', 'pods', { namespace: 'eks-work' })).reason).toBe(
      'RBAC: allowed by RoleBinding "sa-local/eks-work" of ClusterRole "pod-reader" to ServiceAccount "builder/eks-work"',
    );
    addClusterRole(store, 'node-reader', [{ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }]);
    addClusterRoleBinding(store, 'sa-nodes', 'node-reader', [{ kind: 'ServiceAccount', name: 'builder', namespace: 'eks-work' }]);
    expect(rbac.authorize(resourceAttributes(sa, 'list', 'nodes')).reason).toBe('RBAC: allowed by ClusterRoleBinding "sa-nodes" of ClusterRole "node-reader" to ServiceAccount "builder/eks-work"');
    addClusterRoleBinding(store, 'all-sa', 'node-reader', [{ kind: 'ServiceAccount', name: 'builder' }]);
    const other = { username: 'system:serviceaccount:rbac-test-ns:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:rbac-test-ns'] };
    expect(rbac.authorize(resourceAttributes(other, 'list', 'nodes')).decision).toBe('noOpinion');
  });

  it('matches the system:serviceaccounts and system:serviceaccounts:<ns> groups', () => {
    const sa = { username: 'system:serviceaccount:eks-work:default', groups: ['system:serviceaccounts', 'system:serviceaccounts:eks-work', 'system:authenticated'] };
    addClusterRole(store, 'cm-reader', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }]);
    addRoleBinding(store, 'eks-work', 'ns-sas', { kind: 'ClusterRole', name: 'cm-reader' }, [group('system:serviceaccounts:eks-work')]);
    expect(rbac.authorize(resourceAttributes(sa, 'get', 'configmaps', { namespace: 'eks-work', name: 'c' })).reason).toBe(
      'RBAC: allowed by RoleBinding "ns-sas/eks-work" of ClusterRole "cm-reader" to Group "system:serviceaccounts:eks-work"',
    );
  });

  it('reports broken role references in the denial reason, as RBAC does', () => {
    addClusterRoleBinding(store, 'dangling', 'missing-role', [user('dev')]);
    addRoleBinding(store, 'rbac-test-ns', 'dangling-role', { kind: 'Role', name: 'gone' }, [user('dev')]);
    expect(rbac.authorize(resourceAttributes(dev, 'get', 'pods', { namespace: 'rbac-test-ns', name: 'p' }))).toEqual({
      decision: 'noOpinion',
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "missing-role" not found, role.rbac.authorization.k8s.io "gone" not found]',
    });
    expect(rbac.authorize(resourceAttributes(dev, 'get', 'nodes', { name: 'n' }))).toEqual({
      decision: 'noOpinion',
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing-role" not found',
    });
  });
});

describe('RbacAuthorizer.rulesFor', () => {
  it('lists cluster-wide rules first, then the namespace bindings, split into resource and non-resource rules', () => {
    addClusterRole(store, 'basic', [{ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }]);
    addClusterRole(store, 'discovery', [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }]);
    addClusterRole(store, 'cm', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }]);
    addClusterRoleBinding(store, 'basic', 'basic', [group('system:authenticated')]);
    addClusterRoleBinding(store, 'discovery', 'discovery', [group('system:authenticated')]);
    addRoleBinding(store, 'rbac-test-ns', 'cm', { kind: 'ClusterRole', name: 'cm' }, [user('dev')]);
    expect(rbac.rulesFor(dev, 'rbac-test-ns')).toEqual({
      resourceRules: [
        { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
        { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }],
      incomplete: false,
    });
    expect(rbac.rulesFor(dev, 'eks-work').resourceRules).toHaveLength(1);
  });

  it('reports unresolvable references as evaluationError and keeps the rules it could resolve', () => {
    addClusterRole(store, 'discovery', [{ verbs: ['get'], nonResourceURLs: ['/version'] }]);
    addClusterRoleBinding(store, 'discovery', 'discovery', [user('dev')]);
    addRoleBinding(store, 'rbac-test-ns', 'x', { kind: 'Role', name: 'nope' }, [user('dev')]);
    expect(rbac.rulesFor(dev, 'rbac-test-ns')).toEqual({
      resourceRules: [],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/version'] }],
      incomplete: false,
      evaluationError: 'role.rbac.authorization.k8s.io "nope" not found',
    });
  });
});
