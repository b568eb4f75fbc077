import { beforeEach, describe, expect, it } from 'vitest';
import type { Attributes } from '../auth/types';
import { createWorld } from '../../world/index';
import { Store } from '../store';
import { RbacAuthorizer } from './authorizer';
import { bootstrapPolicy } from './bootstrap';
import { forbiddenError } from './forbidden';
import { addScenarioBindings, admin, dev, oncall, pathAttributes, resourceAttributes } from './test-fixtures';

let rbac: RbacAuthorizer;

beforeEach(() => {
  const store = new Store();
  bootstrapPolicy(store);
  addScenarioBindings(store);
  rbac = new RbacAuthorizer(store);
});

/** What the API server would answer: "allowed", or the 403 message. */
function answer(attributes: Attributes): string {
  const result = rbac.authorize(attributes);
  return result.decision === 'allow' ? 'allowed' : forbiddenError(attributes, result.reason).message;
}

describe('RBAC matrix of the sandbox users', () => {
  it('admin (system:masters) may do anything, with no RBAC reason', () => {
    expect(answer(resourceAttributes(admin, 'delete', 'nodes', { name: 'ip-10-0-1-10' }))).toBe('allowed');
    expect(answer(resourceAttributes(admin, 'get', 'secrets', { namespace: 'eks-work', name: 'db' }))).toBe('allowed');
    expect(answer(resourceAttributes(admin, 'impersonate', 'users', { name: 'dev' }))).toBe('allowed');
    expect(answer(pathAttributes(admin, 'get', '/metrics'))).toBe('allowed');
    expect(rbac.authorize(resourceAttributes(admin, 'list', 'pods')).reason).toBe('');
  });

  it('oncall reads everything view covers in every namespace, through the ClusterRoleBinding', () => {
    expect(rbac.authorize(resourceAttributes(oncall, 'list', 'pods', { namespace: 'eks-work' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "oncall-view" of ClusterRole "view" to Group "oncall"',
    );
    expect(answer(resourceAttributes(oncall, 'list', 'pods'))).toBe('allowed');
    expect(answer(resourceAttributes(oncall, 'get', 'pods', { namespace: 'eks-work', name: 'backend-app-x', subresource: 'log' }))).toBe('allowed');
    expect(answer(resourceAttributes(oncall, 'watch', 'deployments', { group: 'apps', namespace: 'eks-work' }))).toBe('allowed');
    expect(answer(resourceAttributes(oncall, 'get', 'horizontalpodautoscalers', { group: 'autoscaling', namespace: 'eks-work', name: 'backend-app' }))).toBe('allowed');
    expect(answer(resourceAttributes(oncall, 'list', 'namespaces'))).toBe('allowed');
  });

  it('oncall may not read secrets, nodes or /metrics, nor change anything', () => {
    expect(answer(resourceAttributes(oncall, 'get', 'secrets', { namespace: 'eks-work', name: 'db' }))).toBe(
      'secrets "db" is forbidden: User "oncall" cannot get resource "secrets" in API group "" in the namespace "eks-work"',
    );
    expect(answer(resourceAttributes(oncall, 'list', 'nodes'))).toBe('nodes is forbidden: User "oncall" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(answer(resourceAttributes(oncall, 'patch', 'deployments', { group: 'apps', namespace: 'eks-work', name: 'backend-app', subresource: 'scale' }))).toBe(
      'deployments.apps "backend-app" is forbidden: User "oncall" cannot patch resource "deployments/scale" in API group "apps" in the namespace "eks-work"',
    );
    expect(answer(resourceAttributes(oncall, 'delete', 'pods', { namespace: 'eks-work', name: 'backend-app-x' }))).toBe(
      'pods "backend-app-x" is forbidden: User "oncall" cannot delete resource "pods" in API group "" in the namespace "eks-work"',
    );
    expect(answer(pathAttributes(oncall, 'get', '/metrics'))).toBe('forbidden: User "oncall" cannot get path "/metrics"');
  });

  it('dev reads rbac-test-ns through the RoleBinding to view', () => {
    expect(rbac.authorize(resourceAttributes(dev, 'list', 'pods', { namespace: 'rbac-test-ns' })).reason).toBe(
      'RBAC: allowed by RoleBinding "rbac-test-role-binding/rbac-test-ns" of ClusterRole "view" to Group "rbac-test-group"',
    );
    expect(answer(resourceAttributes(dev, 'get', 'pods', { namespace: 'rbac-test-ns', name: 'p', subresource: 'log' }))).toBe('allowed');
    expect(answer(resourceAttributes(dev, 'get', 'namespaces', { namespace: 'rbac-test-ns', name: 'rbac-test-ns' }))).toBe('allowed');
    expect(answer(resourceAttributes(dev, 'list', 'events', { namespace: 'rbac-test-ns' }))).toBe('allowed');
  });

  it('dev gets the exact Forbidden messages outside rbac-test-ns', () => {
    expect(answer(resourceAttributes(dev, 'list', 'pods', { namespace: 'eks-work' }))).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
    expect(answer(resourceAttributes(dev, 'list', 'nodes'))).toBe('nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(answer(resourceAttributes(dev, 'get', 'pods', { namespace: 'eks-work', name: 'backend-app-x', subresource: 'log' }))).toBe(
      'pods "backend-app-x" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "eks-work"',
    );
    expect(answer(resourceAttributes(dev, 'get', 'deployments', { group: 'apps', namespace: 'eks-work', name: 'backend-app' }))).toBe(
      'deployments.apps "backend-app" is forbidden: User "dev" cannot get resource "deployments" in API group "apps" in the namespace "eks-work"',
    );
    expect(answer(resourceAttributes(dev, 'list', 'pods'))).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" at the cluster scope');
    expect(answer(resourceAttributes(dev, 'list', 'namespaces'))).toBe('namespaces is forbidden: User "dev" cannot list resource "namespaces" in API group "" at the cluster scope');
    expect(answer(resourceAttributes(dev, 'impersonate', 'users', { name: 'admin' }))).toBe(
      'users "admin" is forbidden: User "dev" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('dev may not read secrets nor write even in rbac-test-ns', () => {
    expect(answer(resourceAttributes(dev, 'list', 'secrets', { namespace: 'rbac-test-ns' }))).toBe(
      'secrets is forbidden: User "dev" cannot list resource "secrets" in API group "" in the namespace "rbac-test-ns"',
    );
    expect(answer(resourceAttributes(dev, 'create', 'pods', { namespace: 'rbac-test-ns' }))).toBe(
      'pods is forbidden: User "dev" cannot create resource "pods" in API group "" in the namespace "rbac-test-ns"',
    );
  });

  it('every authenticated user may review itself and reach discovery and health paths', () => {
    expect(rbac.authorize(resourceAttributes(dev, 'create', 'selfsubjectaccessreviews', { group: 'authorization.k8s.io' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
    );
    expect(answer(resourceAttributes(dev, 'create', 'selfsubjectrulesreviews', { group: 'authorization.k8s.io' }))).toBe('allowed');
    expect(answer(resourceAttributes(dev, 'create', 'selfsubjectreviews', { group: 'authentication.k8s.io' }))).toBe('allowed');
    expect(answer(resourceAttributes(dev, 'create', 'subjectaccessreviews', { group: 'authorization.k8s.io' }))).toBe(
      'subjectaccessreviews.authorization.k8s.io is forbidden: User "dev" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
    );
    expect(rbac.authorize(pathAttributes(dev, 'get', '/apis/apps/v1')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    );
    expect(answer(pathAttributes(dev, 'get', '/version'))).toBe('allowed');
    expect(answer(pathAttributes(dev, 'get', '/readyz'))).toBe('allowed');
    expect(answer(pathAttributes(dev, 'get', '/readyz/etcd'))).toBe('forbidden: User "dev" cannot get path "/readyz/etcd"');
  });
});

describe('the default scenario', () => {
  it('grants the sandbox users the same access as these fixtures', () => {
    const world = createWorld({ mode: 'manual', scenario: 'default' });
    const scenario = new RbacAuthorizer(world.store);
    const decide = (attributes: Attributes) => {
      const result = scenario.authorize(attributes);
      return result.decision === 'allow' ? result.reason || 'allowed' : forbiddenError(attributes, result.reason).message;
    };
    expect(decide(resourceAttributes(dev, 'list', 'pods', { namespace: 'rbac-test-ns' }))).toBe(
      'RBAC: allowed by RoleBinding "rbac-test-role-binding/rbac-test-ns" of ClusterRole "view" to Group "rbac-test-group"',
    );
    expect(decide(resourceAttributes(dev, 'list', 'pods', { namespace: 'eks-work' }))).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
    expect(decide(resourceAttributes(oncall, 'list', 'pods', { namespace: 'eks-work' }))).toBe('RBAC: allowed by ClusterRoleBinding "oncall-view" of ClusterRole "view" to Group "oncall"');
    expect(decide(resourceAttributes(oncall, 'list', 'nodes'))).toBe('nodes is forbidden: User "oncall" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(decide(resourceAttributes(admin, 'list', 'nodes'))).toBe('allowed');
  });
});
