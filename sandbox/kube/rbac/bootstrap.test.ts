import { beforeEach, describe, expect, it } from 'vitest';
import { World } from '../../world/world';
import { RbacAuthorizer } from './authorizer';
import { bootstrapPolicy, createClusterRoleAggregation } from './bootstrap';
import { addClusterRole, addScenarioBindings, dev, resourceAttributes } from './test-fixtures';
import { RBAC_RESOURCES, type PolicyRule } from './types';

let world: World;

const clusterRole = (name: string) => world.store.get(RBAC_RESOURCES.clusterRoles, undefined, name)!;
const rulesOf = (name: string): PolicyRule[] => clusterRole(name).rules ?? [];

beforeEach(() => {
  world = new World({ mode: 'manual' });
  bootstrapPolicy(world.store);
  world.add(createClusterRoleAggregation()).start();
});

describe('bootstrapPolicy', () => {
  it('creates view as an aggregated, labelled and annotated default ClusterRole', () => {
    const view = clusterRole('view');
    expect(view.metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' });
    expect(view.metadata.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    expect(view.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] });
  });

  it('fills view with exactly the rules of system:aggregate-to-view: pods/log yes, secrets no', () => {
    expect(rulesOf('view')).toEqual(rulesOf('system:aggregate-to-view'));
    expect(rulesOf('view')).toHaveLength(10);
    const resources = rulesOf('view').flatMap((r) => r.resources ?? []);
    expect(resources).toContain('pods/log');
    expect(resources).not.toContain('secrets');
  });

  it('builds edit from system:aggregate-to-edit then view, and admin from edit then system:aggregate-to-admin', () => {
    expect(rulesOf('edit')).toEqual([...rulesOf('system:aggregate-to-edit'), ...rulesOf('view')]);
    expect(rulesOf('admin')).toEqual([...rulesOf('edit'), ...rulesOf('system:aggregate-to-admin')]);
    expect(rulesOf('edit')[0]).toEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: [''],
      resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
    });
  });

  it('binds cluster-admin to system:masters so rules reviews show the * rule', () => {
    expect(world.store.get(RBAC_RESOURCES.clusterRoleBindings, undefined, 'cluster-admin')).toMatchObject({
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    });
    expect(rulesOf('cluster-admin')).toEqual([
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]);
  });

  it('creates the defaults of a v1.32 cluster by name, bindings for the ones bound by default', () => {
    expect(world.store.list(RBAC_RESOURCES.clusterRoles).map((r) => r.metadata.name)).toEqual([
      'admin',
      'cluster-admin',
      'edit',
      'system:aggregate-to-admin',
      'system:aggregate-to-edit',
      'system:aggregate-to-view',
      'system:auth-delegator',
      'system:basic-user',
      'system:discovery',
      'system:monitoring',
      'system:node-proxier',
      'system:public-info-viewer',
      'system:service-account-issuer-discovery',
      'view',
    ]);
    expect(world.store.list(RBAC_RESOURCES.clusterRoleBindings).map((b) => [b.metadata.name, b.subjects.map((s: { name: string }) => s.name).join(',')])).toEqual([
      ['cluster-admin', 'system:masters'],
      ['system:basic-user', 'system:authenticated'],
      ['system:discovery', 'system:authenticated'],
      ['system:monitoring', 'system:monitoring'],
      ['system:node-proxier', 'system:kube-proxy'],
      ['system:public-info-viewer', 'system:authenticated,system:unauthenticated'],
      ['system:service-account-issuer-discovery', 'system:serviceaccounts'],
    ]);
  });

  it('leaves existing objects alone when run again', () => {
    const before = world.store.resourceVersion;
    bootstrapPolicy(world.store);
    expect(world.store.resourceVersion).toBe(before);
  });
});

describe('createClusterRoleAggregation', () => {
  const metricsRule: PolicyRule = { verbs: ['get', 'list'], apiGroups: ['metrics.k8s.io'], resources: ['pods'] };

  it('adds a new aggregate-to-view ClusterRole to view, edit and admin, so view bindings grant it at once', () => {
    addScenarioBindings(world.store);
    const rbac = new RbacAuthorizer(world.store);
    const metricsList = resourceAttributes(dev, 'list', 'pods', { group: 'metrics.k8s.io', namespace: 'rbac-test-ns' });
    expect(rbac.authorize(metricsList).decision).toBe('noOpinion');

    addClusterRole(world.store, 'metrics-view', [metricsRule], { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });

    expect(rulesOf('view')).toEqual([metricsRule, ...rulesOf('system:aggregate-to-view')]);
    expect(rulesOf('edit')).toContainEqual(metricsRule);
    expect(rulesOf('admin')).toContainEqual(metricsRule);
    expect(rbac.authorize(metricsList).reason).toBe('RBAC: allowed by RoleBinding "rbac-test-role-binding/rbac-test-ns" of ClusterRole "view" to Group "rbac-test-group"');
  });

  it('adds an aggregate-to-edit ClusterRole to edit and, through edit, to admin, but not to view', () => {
    const scaleRule: PolicyRule = { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] };
    addClusterRole(world.store, 'scaler', [scaleRule], { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' });
    expect(rulesOf('edit')).toEqual([scaleRule, ...rulesOf('system:aggregate-to-edit'), ...rulesOf('view')]);
    expect(rulesOf('admin')).toEqual([...rulesOf('edit'), ...rulesOf('system:aggregate-to-admin')]);
    expect(rulesOf('view')).not.toContainEqual(scaleRule);
  });

  it('drops the rules again when the label is removed or the role deleted', () => {
    addClusterRole(world.store, 'metrics-view', [metricsRule], { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    world.store.mutate(RBAC_RESOURCES.clusterRoles, undefined, 'metrics-view', (role) => {
      role.metadata.labels = {};
    });
    expect(rulesOf('view')).toEqual(rulesOf('system:aggregate-to-view'));

    world.store.mutate(RBAC_RESOURCES.clusterRoles, undefined, 'metrics-view', (role) => {
      role.metadata.labels = { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' };
    });
    expect(rulesOf('view')[0]).toEqual(metricsRule);
    world.store.delete(RBAC_RESOURCES.clusterRoles, undefined, 'metrics-view');
    expect(rulesOf('view')).toEqual(rulesOf('system:aggregate-to-view'));
    expect(rulesOf('admin')).not.toContainEqual(metricsRule);
  });

  it('follows rule changes in an aggregated role and does not repeat a rule two roles share', () => {
    addClusterRole(world.store, 'a-extra', [metricsRule], { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    addClusterRole(world.store, 'b-extra', [metricsRule], { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    expect(rulesOf('view').filter((r) => JSON.stringify(r) === JSON.stringify(metricsRule))).toHaveLength(1);
    const nodesRule: PolicyRule = { verbs: ['get'], apiGroups: ['metrics.k8s.io'], resources: ['nodes'] };
    world.store.mutate(RBAC_RESOURCES.clusterRoles, undefined, 'b-extra', (role) => {
      role.rules = [nodesRule];
    });
    expect(rulesOf('view').slice(0, 2)).toEqual([metricsRule, nodesRule]);
  });
});
