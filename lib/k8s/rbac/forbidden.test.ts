import { describe, expect, it } from 'vitest';
import { forbiddenMessage, parseForbidden } from './forbidden';

describe('parseForbidden', () => {
  it("reads dev's list of pods in eks-work out of the API server's message", () => {
    expect(parseForbidden('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"')).toEqual({
      verb: 'list',
      resource: 'pods',
      subresource: '',
      group: '',
      namespace: 'eks-work',
      name: '',
      user: 'dev',
    });
  });

  it('splits the subresource off and takes the name from before "is forbidden"', () => {
    expect(parseForbidden('pods "backend-app-x" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "eks-work"')).toEqual({
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
      group: '',
      namespace: 'eks-work',
      name: 'backend-app-x',
      user: 'dev',
    });
  });

  it('reads the cluster scope, an API group and an RBAC reason suffix', () => {
    expect(parseForbidden('nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope')).toMatchObject({ namespace: '', resource: 'nodes' });
    expect(
      parseForbidden(
        'deployments.apps is forbidden: User "rbacTest" cannot create resource "deployments" in API group "apps" in the namespace "rbac-test-ns": RBAC: role.rbac.authorization.k8s.io "x" not found',
      ),
    ).toEqual({
      verb: 'create',
      resource: 'deployments',
      subresource: '',
      group: 'apps',
      namespace: 'rbac-test-ns',
      name: '',
      user: 'rbacTest',
    });
  });

  it('reads a non-resource path and a service account user', () => {
    expect(parseForbidden('forbidden: User "system:serviceaccount:eks-work:default" cannot get path "/metrics"')).toEqual({
      verb: 'get',
      resource: '',
      subresource: '',
      group: '',
      namespace: '',
      name: '',
      path: '/metrics',
      user: 'system:serviceaccount:eks-work:default',
    });
  });

  it("prefers the Status details name and gives nothing for a refusal that is not the authorizer's", () => {
    expect(parseForbidden('secrets "a" is forbidden: User "dev" cannot get resource "secrets" in API group "" in the namespace "x"', { name: 'a' })?.name).toBe('a');
    expect(parseForbidden('pods "nginx" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false')).toBeUndefined();
  });

  it('reads back what forbiddenMessage writes', () => {
    const attributes = { verb: 'watch', resourceRequest: true, path: '', apiGroup: 'batch', resource: 'jobs', subresource: 'status', namespace: 'ns-1', name: '' };
    expect(forbiddenMessage('a "quoted" user', attributes)).toBe('User "a \\"quoted\\" user" cannot watch resource "jobs/status" in API group "batch" in the namespace "ns-1"');
    expect(parseForbidden(`jobs.batch is forbidden: ${forbiddenMessage('a "quoted" user', attributes)}`)).toEqual({
      verb: 'watch',
      resource: 'jobs',
      subresource: 'status',
      group: 'batch',
      namespace: 'ns-1',
      name: '',
      user: 'a "quoted" user',
    });
  });
});
