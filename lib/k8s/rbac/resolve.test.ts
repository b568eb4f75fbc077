import { describe, expect, it } from 'vitest';
import { bindingsOf, rolesGranting, whoCan, type RbacObjects } from './resolve';
import type { BindingObject, RequestAttributes, RoleObject } from './types';

const VIEW_LABEL = 'rbac.authorization.k8s.io/aggregate-to-view';
const READ = ['get', 'list', 'watch'];
const role = (name: string, rules: RoleObject['rules'], extra: Partial<RoleObject> = {}, namespace?: string): RoleObject => ({
  metadata: { name, ...(namespace ? { namespace } : {}) },
  rules,
  ...extra,
});
const binding = (name: string, roleRef: BindingObject['roleRef'], subjects: BindingObject['subjects'], namespace?: string): BindingObject => ({
  metadata: { name, ...(namespace ? { namespace } : {}) },
  roleRef,
  subjects,
});
const clusterRole = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });

const objects: RbacObjects = {
  clusterRoles: [
    // Aggregated, with its rules not filled in yet: they come from system:aggregate-to-view.
    role('view', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [VIEW_LABEL]: 'true' } }] } }),
    role('system:aggregate-to-view', [{ verbs: READ, apiGroups: [''], resources: ['pods', 'pods/log'] }], { metadata: { name: 'system:aggregate-to-view', labels: { [VIEW_LABEL]: 'true' } } }),
    role('cluster-admin', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    role('secret-reader', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'] }]),
  ],
  clusterRoleBindings: [binding('oncall-view', clusterRole('view'), [{ kind: 'Group', name: 'oncall' }]), binding('broken', clusterRole('gone'), [{ kind: 'User', name: 'x' }])],
  roles: [role('pod-writer', [{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }], {}, 'rbac-test-ns')],
  roleBindings: [
    binding('rbac-test-role-binding', clusterRole('view'), [{ kind: 'Group', name: 'rbac-test-group' }], 'rbac-test-ns'),
    binding('writers', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-writer' }, [{ kind: 'ServiceAccount', name: 'deployer' }], 'rbac-test-ns'),
  ],
};

const request = (verb: string, resource: string, namespace: string, extra: Partial<RequestAttributes> = {}): RequestAttributes => ({
  verb,
  resourceRequest: true,
  path: '',
  apiGroup: '',
  resource,
  subresource: '',
  namespace,
  name: '',
  ...extra,
});

describe('rolesGranting', () => {
  it('names view (through system:aggregate-to-view) and cluster-admin for list pods in eks-work', () => {
    expect(rolesGranting(request('list', 'pods', 'eks-work'), objects)).toEqual([
      { kind: 'ClusterRole', name: 'cluster-admin' },
      { kind: 'ClusterRole', name: 'system:aggregate-to-view' },
      { kind: 'ClusterRole', name: 'view', aggregatedFrom: ['system:aggregate-to-view'] },
    ]);
  });

  it("adds a Role of the request's namespace only, and a resourceNames rule only for that name", () => {
    expect(rolesGranting(request('create', 'pods', 'rbac-test-ns'), objects).map((r) => r.name)).toEqual(['cluster-admin', 'pod-writer']);
    expect(rolesGranting(request('create', 'pods', 'eks-work'), objects).map((r) => r.name)).toEqual(['cluster-admin']);
    expect(rolesGranting(request('get', 'secrets', 'eks-work', { name: 'db-password' }), objects).map((r) => r.name)).toEqual(['cluster-admin', 'secret-reader']);
    expect(rolesGranting(request('list', 'secrets', 'eks-work'), objects).map((r) => r.name)).toEqual(['cluster-admin']);
  });
});

describe('whoCan', () => {
  it('finds oncall cluster-wide and rbac-test-group in rbac-test-ns for get pods/log there', () => {
    const answer = whoCan(request('get', 'pods', 'rbac-test-ns', { subresource: 'log' }), objects);
    expect(answer.entries).toEqual([
      {
        subject: { kind: 'Group', name: 'oncall' },
        binding: { kind: 'ClusterRoleBinding', name: 'oncall-view' },
        role: { kind: 'ClusterRole', name: 'view', aggregatedFrom: ['system:aggregate-to-view'] },
      },
      {
        subject: { kind: 'Group', name: 'rbac-test-group' },
        binding: { kind: 'RoleBinding', name: 'rbac-test-role-binding', namespace: 'rbac-test-ns' },
        role: { kind: 'ClusterRole', name: 'view', aggregatedFrom: ['system:aggregate-to-view'] },
      },
    ]);
    expect(answer.unresolved).toEqual([{ binding: { kind: 'ClusterRoleBinding', name: 'broken' }, roleRef: clusterRole('gone'), reason: 'clusterrole.rbac.authorization.k8s.io "gone" not found' }]);
  });

  it("gives a RoleBinding's ServiceAccount subject the binding's namespace", () => {
    expect(whoCan(request('create', 'pods', 'rbac-test-ns'), objects).entries).toEqual([
      {
        subject: { kind: 'ServiceAccount', name: 'deployer', namespace: 'rbac-test-ns' },
        binding: { kind: 'RoleBinding', name: 'writers', namespace: 'rbac-test-ns' },
        role: { kind: 'Role', name: 'pod-writer', namespace: 'rbac-test-ns' },
      },
    ]);
  });

  it('leaves RoleBindings out at the cluster scope', () => {
    expect(whoCan(request('list', 'pods', ''), objects).entries.map((e) => e.binding.name)).toEqual(['oncall-view']);
  });
});

describe('bindingsOf', () => {
  it("links view to its ClusterRoleBinding and RoleBinding, and a Role to its namespace's bindings", () => {
    expect(bindingsOf({ kind: 'ClusterRole', name: 'view' }, objects).map((b) => `${b.kind}/${b.binding.metadata.name}`)).toEqual([
      'ClusterRoleBinding/oncall-view',
      'RoleBinding/rbac-test-role-binding',
    ]);
    expect(bindingsOf({ kind: 'Role', name: 'pod-writer', namespace: 'rbac-test-ns' }, objects).map((b) => b.binding.metadata.name)).toEqual(['writers']);
    expect(bindingsOf({ kind: 'Role', name: 'pod-writer', namespace: 'eks-work' }, objects)).toEqual([]);
  });
});
