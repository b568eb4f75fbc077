import { describe, expect, it } from 'vitest';
import { forbiddenError } from './forbidden';
import { dev, pathAttributes, resourceAttributes } from './test-fixtures';

describe('forbiddenError', () => {
  it('words a namespaced list like the API server', () => {
    expect(forbiddenError(resourceAttributes(dev, 'list', 'pods', { namespace: 'eks-work' }), '').status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    });
  });

  it('words a cluster-scoped list', () => {
    const err = forbiddenError(resourceAttributes(dev, 'list', 'nodes'), '');
    expect(err.code).toBe(403);
    expect(err.message).toBe('nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope');
  });

  it('names the object and the subresource for a named subresource request', () => {
    const err = forbiddenError(resourceAttributes(dev, 'get', 'pods', { namespace: 'eks-work', name: 'backend-app-x', subresource: 'log' }), '');
    expect(err.status.message).toBe('pods "backend-app-x" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "eks-work"');
    expect(err.status.details).toEqual({ name: 'backend-app-x', kind: 'pods' });
  });

  it('qualifies the resource with its group', () => {
    const err = forbiddenError(resourceAttributes(dev, 'patch', 'deployments', { group: 'apps', namespace: 'eks-work', name: 'backend-app' }), '');
    expect(err.status.message).toBe('deployments.apps "backend-app" is forbidden: User "dev" cannot patch resource "deployments" in API group "apps" in the namespace "eks-work"');
    expect(err.status.details).toEqual({ name: 'backend-app', group: 'apps', kind: 'deployments' });
  });

  it('words a non-resource path with empty details', () => {
    const err = forbiddenError(pathAttributes(dev, 'get', '/metrics'), '');
    expect(err.status.message).toBe('forbidden: User "dev" cannot get path "/metrics"');
    expect(err.status.details).toEqual({});
  });

  it('words a refused impersonation', () => {
    const err = forbiddenError(resourceAttributes(dev, 'impersonate', 'users', { name: 'admin' }), '');
    expect(err.status.message).toBe('users "admin" is forbidden: User "dev" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('appends a non-empty reason after a colon', () => {
    const err = forbiddenError(resourceAttributes(dev, 'get', 'nodes', { name: 'n1' }), 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found');
    expect(err.status.message).toBe(
      'nodes "n1" is forbidden: User "dev" cannot get resource "nodes" in API group "" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    );
  });

  it('escapes HTML-looking characters and Go-quotes names', () => {
    const err = forbiddenError(pathAttributes({ username: 'a<b>&"c"', groups: [] }, 'get', '/x'), '');
    expect(err.status.message).toBe('forbidden: User "a&lt;b&gt;&amp;\\"c\\"" cannot get path "/x"');
  });
});
