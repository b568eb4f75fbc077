import { beforeEach, describe, expect, it } from 'vitest';
import { StatusError } from '../status';
import { Store } from '../store';
import { RbacAuthorizer } from './authorizer';
import { bootstrapPolicy } from './bootstrap';
import { createReview, type ReviewKind } from './reviews';
import { addScenarioBindings, admin, dev, oncall } from './test-fixtures';
import type { UserInfo } from '../auth/types';
import { RBAC_RESOURCES } from './types';

let store: Store;
let authorizer: RbacAuthorizer;

beforeEach(() => {
  store = new Store({ now: () => new Date('2026-01-01T09:30:00.250Z') });
  bootstrapPolicy(store);
  addScenarioBindings(store);
  authorizer = new RbacAuthorizer(store);
});

function review(kind: ReviewKind, user: UserInfo, body: unknown, namespace?: string) {
  const group = kind === 'SelfSubjectReview' ? 'authentication.k8s.io' : 'authorization.k8s.io';
  return createReview(kind, body, { user, namespace, authorizer, apiVersion: `${group}/v1` });
}

function failure(run: () => unknown): StatusError['status'] {
  try {
    run();
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected a StatusError');
}

const ssar = (spec: unknown) => ({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: { allowed: false } });

describe('SelfSubjectAccessReview', () => {
  it('answers kubectl auth can-i for dev in eks-work with the request echoed, in the API server field order', () => {
    const result = review('SelfSubjectAccessReview', dev, ssar({ resourceAttributes: { namespace: 'eks-work', verb: 'list', resource: 'pods' } }));
    expect(JSON.stringify(result)).toBe(
      JSON.stringify({
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec: { resourceAttributes: { namespace: 'eks-work', verb: 'list', resource: 'pods' } },
        status: { allowed: false },
      }),
    );
  });

  it('gives the RBAC reason when allowed and none for system:masters', () => {
    const spec = { resourceAttributes: { namespace: 'eks-work', verb: 'get', group: '', resource: 'pods', subresource: 'log', name: 'backend-app-x', unknown: 'x' } };
    expect(review('SelfSubjectAccessReview', oncall, ssar(spec))).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'eks-work', verb: 'get', resource: 'pods', subresource: 'log', name: 'backend-app-x' } },
      status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "oncall-view" of ClusterRole "view" to Group "oncall"' },
    });
    expect(review('SelfSubjectAccessReview', admin, ssar(spec)).status).toEqual({ allowed: true });
  });

  it('reviews non-resource paths', () => {
    expect(review('SelfSubjectAccessReview', dev, ssar({ nonResourceAttributes: { path: '/metrics', verb: 'get' } })).status).toEqual({ allowed: false });
    expect(review('SelfSubjectAccessReview', dev, ssar({ nonResourceAttributes: { path: '/version', verb: 'get' } })).status).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    });
  });

  it('rejects a spec with neither attributes as 422 Invalid', () => {
    expect(failure(() => review('SelfSubjectAccessReview', dev, ssar({})))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: '.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      reason: 'Invalid',
      details: {
        group: 'authorization.k8s.io',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
            field: 'spec.resourceAttributes',
          },
        ],
      },
      code: 422,
    });
  });

  it('rejects a spec with both kinds of attributes', () => {
    const spec = { resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { path: '/metrics', verb: 'get' } };
    expect(failure(() => review('SelfSubjectAccessReview', dev, ssar(spec))).message).toBe(
      '.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/metrics", Verb:"get"}: cannot be specified in combination with resourceAttributes',
    );
  });
});

describe('SelfSubjectRulesReview', () => {
  const ssrr = (namespace?: string) => ({ kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', spec: namespace ? { namespace } : {} });

  it('lists dev rules in rbac-test-ns: basic-user, then view, and the discovery paths', () => {
    const result = review('SelfSubjectRulesReview', dev, ssrr('rbac-test-ns'));
    const view = store.get(RBAC_RESOURCES.clusterRoles, undefined, 'view')!.rules;
    expect(result).toEqual({
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {},
      status: {
        resourceRules: [
          { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
          { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
          ...view,
        ],
        nonResourceRules: [
          { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
          { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
        ],
        incomplete: false,
      },
    });
    expect(view[2]).toEqual({ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] });
  });

  it('shows dev only the cluster-wide basics in eks-work', () => {
    expect(review('SelfSubjectRulesReview', dev, ssrr('eks-work')).status.resourceRules).toEqual([
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ]);
  });

  it('shows system:masters the * rules of cluster-admin first', () => {
    const status = review('SelfSubjectRulesReview', admin, ssrr('eks-work')).status;
    expect(status.resourceRules[0]).toEqual({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    expect(status.nonResourceRules[0]).toEqual({ verbs: ['*'], nonResourceURLs: ['*'] });
  });

  it('reports a broken binding as evaluationError', () => {
    store.create(RBAC_RESOURCES.roleBindings, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'broken', namespace: 'rbac-test-ns' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'missing' },
    });
    const status = review('SelfSubjectRulesReview', dev, ssrr('rbac-test-ns')).status;
    expect(status.incomplete).toBe(false);
    expect(status.evaluationError).toBe('role.rbac.authorization.k8s.io "missing" not found');
    expect(status.resourceRules).toHaveLength(12);
  });

  it('requires spec.namespace with 400 BadRequest', () => {
    expect(failure(() => review('SelfSubjectRulesReview', dev, ssrr()))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'no namespace on request',
      reason: 'BadRequest',
      code: 400,
    });
  });
});

describe('SubjectAccessReview', () => {
  const sar = (spec: unknown) => ({ kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec });

  it('reviews another user with exactly the groups given, none added', () => {
    const spec = { resourceAttributes: { namespace: 'rbac-test-ns', verb: 'list', resource: 'pods' }, user: 'dev', groups: ['rbac-test-group'], extra: { scopes: ['a'] }, uid: 'u-1' };
    expect(review('SubjectAccessReview', admin, sar(spec))).toEqual({
      kind: 'SubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "rbac-test-role-binding/rbac-test-ns" of ClusterRole "view" to Group "rbac-test-group"' },
    });
    expect(review('SubjectAccessReview', admin, sar({ ...spec, groups: undefined })).status).toEqual({ allowed: false });
  });

  it('requires a user or a group', () => {
    expect(failure(() => review('SubjectAccessReview', admin, sar({ resourceAttributes: { verb: 'list', resource: 'pods' } }))).message).toBe(
      '.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
    );
    expect(failure(() => review('SubjectAccessReview', admin, sar({}))).message).toBe(
      '.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: "": at least one of user or group must be specified]',
    );
  });
});

describe('LocalSubjectAccessReview', () => {
  const lsar = (namespace: string | undefined, spec: unknown) => ({
    kind: 'LocalSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: namespace ? { namespace } : {},
    spec,
  });

  it('takes the namespace from the URL and echoes it in metadata', () => {
    const spec = { resourceAttributes: { namespace: 'eks-work', verb: 'list', resource: 'pods' }, user: 'oncall', groups: ['oncall'] };
    expect(review('LocalSubjectAccessReview', admin, lsar(undefined, spec), 'eks-work')).toEqual({
      kind: 'LocalSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { namespace: 'eks-work', creationTimestamp: null },
      spec,
      status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "oncall-view" of ClusterRole "view" to Group "oncall"' },
    });
  });

  it('refuses an object namespace other than the URL namespace', () => {
    const spec = { resourceAttributes: { namespace: 'rbac-test-ns', verb: 'list', resource: 'pods' }, user: 'dev' };
    expect(failure(() => review('LocalSubjectAccessReview', admin, lsar('rbac-test-ns', spec), 'eks-work'))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });

  it('requires spec.resourceAttributes.namespace to match and refuses non-resource attributes', () => {
    const spec = { resourceAttributes: { namespace: 'rbac-test-ns', verb: 'list', resource: 'pods' }, user: 'dev' };
    expect(failure(() => review('LocalSubjectAccessReview', admin, lsar(undefined, spec), 'eks-work'))).toMatchObject({
      code: 422,
      message: '.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "rbac-test-ns": must match metadata.namespace',
    });
    expect(failure(() => review('LocalSubjectAccessReview', admin, lsar(undefined, { nonResourceAttributes: { path: '/x', verb: 'get' }, user: 'dev' }), 'eks-work')).message).toBe(
      '.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/x", Verb:"get"}: disallowed on this kind of request',
    );
  });
});

describe('SelfSubjectReview', () => {
  it('returns who the caller is, stamped with the current time', () => {
    const body = { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null } };
    expect(review('SelfSubjectReview', { ...dev, uid: 'dev-uid' }, body)).toEqual({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: '2026-01-01T09:30:00Z' },
      status: { userInfo: { username: 'dev', uid: 'dev-uid', groups: ['rbac-test-group', 'system:authenticated'] } },
    });
    expect(review('SelfSubjectReview', { ...admin, extra: { b: ['2'], a: ['1'] } }, body).status.userInfo.extra).toEqual({ a: ['1'], b: ['2'] });
  });
});
