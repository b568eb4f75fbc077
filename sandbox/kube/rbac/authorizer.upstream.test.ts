/**
 * Cases ported from kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac_test.go TestAuthorizer:
 * the roles and bindings of each upstream case, and the requests that must pass and must fail.
 * Upstream's user groups come from strings.Split(groups, ","), so "" is one empty group, as here.
 * Upstream's bindings have no names; they are named here because the store needs one.
 */
import { describe, expect, it } from 'vitest';
import type { Attributes, UserInfo } from '../auth/types';
import { Store } from '../store';
import { RbacAuthorizer } from './authorizer';
import { addClusterRole, addClusterRoleBinding, addRoleBinding, group, pathAttributes, resourceAttributes, user } from './test-fixtures';
import type { PolicyRule } from './types';

/** upstream's newRule: each argument split on ",". */
function newRule(verbs: string, apiGroups: string, resources: string, nonResourceURLs: string): PolicyRule {
  return { verbs: verbs.split(','), apiGroups: apiGroups.split(','), resources: resources.split(','), nonResourceURLs: nonResourceURLs.split(',') };
}

const who = (username: string, groups: string): UserInfo => ({ username, groups: groups.split(',') });

/** upstream's defaultAttributes{user, groups, verb, resource, subresource, namespace, apiGroup}. */
function attrs(username: string, groups: string, verb: string, resource: string, subresource: string, namespace: string): Attributes {
  return resourceAttributes(who(username, groups), verb, resource, { subresource, namespace });
}

const allowed = (rbac: RbacAuthorizer, requests: Attributes[]) => requests.map((a) => rbac.authorize(a).decision === 'allow');

function authorizerWith(setup: (store: Store) => void): RbacAuthorizer {
  const store = new Store();
  setup(store);
  return new RbacAuthorizer(store);
}

function nsAdminBinding(rule: PolicyRule): RbacAuthorizer {
  return authorizerWith((store) => {
    addClusterRole(store, 'admin', [rule]);
    addRoleBinding(store, 'ns1', 'admin-binding', { kind: 'ClusterRole', name: 'admin' }, [user('admin'), group('admins')]);
  });
}

describe('RbacAuthorizer matches rbac_test.go TestAuthorizer', () => {
  it('case 0: a RoleBinding of a ClusterRole grants only in its namespace, to its user and group', () => {
    const rbac = nsAdminBinding(newRule('*', '*', '*', '*'));
    const shouldPass = [
      attrs('admin', '', 'get', 'Pods', '', 'ns1'),
      attrs('admin', '', 'watch', 'Pods', '', 'ns1'),
      attrs('admin', 'group1', 'watch', 'Foobar', '', 'ns1'),
      attrs('joe', 'admins', 'watch', 'Foobar', '', 'ns1'),
      attrs('joe', 'group1,admins', 'watch', 'Foobar', '', 'ns1'),
    ];
    const shouldFail = [
      attrs('admin', '', 'GET', 'Pods', '', 'ns2'),
      attrs('admin', '', 'GET', 'Nodes', '', ''),
      attrs('admin', 'admins', 'GET', 'Pods', '', 'ns2'),
      attrs('admin', 'admins', 'GET', 'Nodes', '', ''),
    ];
    expect(allowed(rbac, shouldPass)).toEqual([true, true, true, true, true]);
    expect(allowed(rbac, shouldFail)).toEqual([false, false, false, false]);
  });

  it('case 1: non-resource URLs, exact and with a trailing * prefix', () => {
    const rbac = authorizerWith((store) => {
      addClusterRole(store, 'non-resource-url-getter', [newRule('get', '', '', '/apis')]);
      addClusterRole(store, 'non-resource-url', [newRule('*', '', '', '/apis')]);
      addClusterRole(store, 'non-resource-url-prefix', [newRule('get', '', '', '/apis/*')]);
      addClusterRoleBinding(store, 'getter', 'non-resource-url-getter', [user('foo'), group('bar')]);
      addClusterRoleBinding(store, 'all', 'non-resource-url', [user('admin'), group('admin')]);
      addClusterRoleBinding(store, 'prefix', 'non-resource-url-prefix', [user('prefixed'), group('prefixed')]);
    });
    const named = (name: string): UserInfo => ({ username: name, groups: [] });
    const inGroup = (g: string): UserInfo => ({ username: '', groups: [g] });
    const shouldPass = [
      pathAttributes(named('foo'), 'get', '/apis'),
      pathAttributes(inGroup('bar'), 'get', '/apis'),
      pathAttributes(named('admin'), 'get', '/apis'),
      pathAttributes(inGroup('admin'), 'get', '/apis'),
      pathAttributes(named('admin'), 'watch', '/apis'),
      pathAttributes(inGroup('admin'), 'watch', '/apis'),
      pathAttributes(named('prefixed'), 'get', '/apis/v1'),
      pathAttributes(inGroup('prefixed'), 'get', '/apis/v1'),
      pathAttributes(named('prefixed'), 'get', '/apis/v1/foobar'),
      pathAttributes(inGroup('prefixed'), 'get', '/apis/v1/foorbar'),
    ];
    const shouldFail = [
      // wrong verb
      pathAttributes(named('foo'), 'watch', '/apis'),
      pathAttributes(inGroup('bar'), 'watch', '/apis'),
      // wrong path
      pathAttributes(named('foo'), 'get', '/api/v1'),
      pathAttributes(inGroup('bar'), 'get', '/api/v1'),
      pathAttributes(named('admin'), 'get', '/api/v1'),
      pathAttributes(inGroup('admin'), 'get', '/api/v1'),
      // not covered by prefix
      pathAttributes(named('prefixed'), 'get', '/api/v1'),
      pathAttributes(inGroup('prefixed'), 'get', '/api/v1'),
    ];
    expect(allowed(rbac, shouldPass)).toEqual(shouldPass.map(() => true));
    expect(allowed(rbac, shouldFail)).toEqual(shouldFail.map(() => false));
  });

  it('case 2: a rule for pods does not grant pods/status', () => {
    const rbac = nsAdminBinding(newRule('*', '*', 'pods', '*'));
    expect(allowed(rbac, [attrs('admin', '', 'get', 'pods', '', 'ns1'), attrs('admin', '', 'get', 'pods', 'status', 'ns1')])).toEqual([true, false]);
  });

  it('case 3: a rule for pods/status does not grant pods', () => {
    const rbac = nsAdminBinding(newRule('*', '*', 'pods/status', '*'));
    expect(allowed(rbac, [attrs('admin', '', 'get', 'pods', 'status', 'ns1'), attrs('admin', '', 'get', 'pods', '', 'ns1')])).toEqual([true, false]);
  });
});
