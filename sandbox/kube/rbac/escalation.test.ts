import { beforeEach, describe, expect, it } from 'vitest';
import type { UserInfo } from '../auth/types';
import { StatusError } from '../status';
import { Store, type KubeObject } from '../store';
import { RbacAuthorizer } from './authorizer';
import { bootstrapPolicy } from './bootstrap';
import { confirmNoEscalation } from './escalation';
import { addClusterRole, addClusterRoleBinding, addRoleBinding, admin, group, user } from './test-fixtures';
import type { PolicyRule } from './types';

const lead: UserInfo = { username: 'lead', groups: ['leads', 'system:authenticated'] };
let authorizer: RbacAuthorizer;

beforeEach(() => {
  const store = new Store();
  bootstrapPolicy(store);
  addRoleBinding(store, 'rbac-test-ns', 'leads-admin', { kind: 'ClusterRole', name: 'admin' }, [group('leads')]);
  authorizer = new RbacAuthorizer(store);
});

const role = (name: string, rules: PolicyRule[], extra: Record<string, unknown> = {}) =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules, ...extra }) as unknown as KubeObject;
const binding = (name: string, kind: 'Role' | 'ClusterRole', roleName: string) =>
  ({ metadata: { name }, subjects: [user('someone')], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName } }) as unknown as KubeObject;

function refusal(run: () => void): string {
  try {
    run();
  } catch (err) {
    if (err instanceof StatusError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'allowed';
}

describe('confirmNoEscalation', () => {
  it('lets a namespace admin grant what admin holds', () => {
    const rules = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] }];
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'roles', 'rbac-test-ns', role('reader', rules)))).toBe('allowed');
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'rolebindings', 'rbac-test-ns', binding('b', 'ClusterRole', 'edit')))).toBe('allowed');
  });

  it('refuses a Role with permissions the user does not hold, listing them compacted', () => {
    const rules = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes', 'pods'] }];
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'roles', 'rbac-test-ns', role('node-reader', rules)))).toBe(
      '403 roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "lead" (groups=["leads" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["nodes"], Verbs:["get" "list"]}',
    );
  });

  it('refuses binding cluster-admin in a namespace without the bind verb, and allows it with bind', () => {
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'rolebindings', 'rbac-test-ns', binding('root', 'ClusterRole', 'cluster-admin')))).toBe(
      '403 rolebindings.rbac.authorization.k8s.io "root" is forbidden: user "lead" (groups=["leads" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
    addClusterRole(authorizer.store, 'bind-cluster-admin', [{ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['cluster-admin'] }]);
    addRoleBinding(authorizer.store, 'rbac-test-ns', 'lead-bind', { kind: 'ClusterRole', name: 'bind-cluster-admin' }, [user('lead')]);
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'rolebindings', 'rbac-test-ns', binding('root', 'ClusterRole', 'cluster-admin')))).toBe('allowed');
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'rolebindings', 'eks-work', binding('root', 'ClusterRole', 'cluster-admin')))).toBe(
      '403 rolebindings.rbac.authorization.k8s.io "root" is forbidden: user "lead" (groups=["leads" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
  });

  it('lets the escalate verb and system:masters through', () => {
    const rules = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
    expect(refusal(() => confirmNoEscalation(authorizer, admin, 'clusterroles', '', role('everything', rules)))).toBe('allowed');
    addClusterRole(authorizer.store, 'role-escalator', [{ verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }]);
    addClusterRoleBinding(authorizer.store, 'lead-escalates', 'role-escalator', [user('lead')]);
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'roles', 'rbac-test-ns', role('everything', rules)))).toBe('allowed');
  });

  it('requires full authority to create an aggregated ClusterRole', () => {
    const aggregated = role('my-view', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { team: 'a' } }] } });
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'clusterroles', '', aggregated))).toBe(
      '403 clusterroles.rbac.authorization.k8s.io "my-view" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
  });

  it('refuses a binding to a role that does not exist with the lookup error', () => {
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'rolebindings', 'rbac-test-ns', binding('b', 'Role', 'missing')))).toBe(
      '403 rolebindings.rbac.authorization.k8s.io "b" is forbidden: role.rbac.authorization.k8s.io "missing" not found',
    );
  });

  it('covers subresources through */subresource and names through an unrestricted owner rule', () => {
    addClusterRole(authorizer.store, 'scaler', [{ verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] }]);
    addClusterRoleBinding(authorizer.store, 'lead-scales', 'scaler', [user('lead')]);
    const rules = [{ verbs: ['update'], apiGroups: ['apps'], resources: ['statefulsets/scale'], resourceNames: ['db'] }];
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'roles', 'eks-work', role('scale-db', rules)))).toBe('allowed');
    const more = [{ verbs: ['update'], apiGroups: ['apps'], resources: ['statefulsets/status'], resourceNames: ['db', 'cache'] }];
    expect(refusal(() => confirmNoEscalation(authorizer, lead, 'roles', 'eks-work', role('status-db', more)))).toBe(
      '403 roles.rbac.authorization.k8s.io "status-db" is forbidden: user "lead" (groups=["leads" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["apps"], Resources:["statefulsets/status"], ResourceNames:["cache"], Verbs:["update"]}\n' +
        '{APIGroups:["apps"], Resources:["statefulsets/status"], ResourceNames:["db"], Verbs:["update"]}',
    );
  });
});
