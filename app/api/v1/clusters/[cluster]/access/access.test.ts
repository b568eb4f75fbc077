import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { clients, needing } from '@/test/clients';
import { GET as bindingRoute } from './bindings/[kind]/[name]/route';
import { POST as checkRoute } from './check/route';
import { GET as grantsRoute } from './grants/route';
import { GET as reviewRoute } from './review/route';
import { GET as roleRoute } from './roles/[kind]/[name]/route';
import { GET as rolesRoute } from './roles/route';
import { GET as whoCanRoute } from './who-can/route';
import { GET as podStreamRoute } from '../pods/stream/route';
import { GET as podWatchRoute } from '../pods/watch/route';

const run = promisify(execFile);
type User = 'admin' | 'oncall' | 'dev';

describe('Access console API against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 60_000);
  afterAll(async () => t?.close());

  const get = async (route: (r: Request, c: never) => Promise<Response>, user: User, path: string, p: Record<string, string> = {}) => {
    const response = await route(t.request(user, `/api/v1/clusters/${CLUSTER}/access/${path}`), params({ cluster: CLUSTER, ...p }) as never);
    return { status: response.status, body: await response.json() };
  };
  const check = async (user: User, body: unknown) => {
    const request = new Request(`http://console.test:3000/api/v1/clusters/${CLUSTER}/access/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token(user)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const response = await checkRoute(request, params({ cluster: CLUSTER }));
    return { status: response.status, body: await response.json() };
  };
  const kubectl = async (user: User, ...args: string[]) => {
    const { stdout } = await run(clients.kubectl().command!, ['--kubeconfig', t.sandbox.files!.kubeconfig, '--context', `sandbox-${user}`, ...args]);
    return stdout;
  };

  it('shows dev get, list and watch allowed and create denied on pods in rbac-test-ns, from the rules review', async () => {
    const { status, body } = await get(reviewRoute, 'dev', 'review?namespace=rbac-test-ns');
    expect(status).toBe(200);
    expect(body.subject).toEqual({ user: 'dev', groups: ['rbac-test-group', 'system:authenticated'], self: true });
    const pods = body.rows.find((r: { label: string }) => r.label === 'pods');
    expect(Object.fromEntries(Object.entries(pods.cells).map(([verb, cell]) => [verb, (cell as { allowed: boolean }).allowed]))).toEqual({
      get: true,
      list: true,
      watch: true,
      create: false,
      update: false,
      patch: false,
      delete: false,
    });
    expect(pods.cells.get).toEqual({ allowed: true, via: 'rules' });
    expect(body.rows.find((r: { label: string }) => r.label === 'secrets').cells.get.allowed).toBe(false);
    expect(body.rows.find((r: { label: string }) => r.label === 'deployments.apps').cells.list.allowed).toBe(true);
  });

  it.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), "lists dev's rules in rbac-test-ns exactly as kubectl auth can-i --list does"), async () => {
    const { body } = await get(reviewRoute, 'dev', 'review?namespace=rbac-test-ns');
    const ours = body.rules.map((r: { resources: string; nonResourceURLs: string[]; resourceNames: string[]; verbs: string[] }) =>
      [r.resources, `[${r.nonResourceURLs.join(' ')}]`, `[${r.resourceNames.join(' ')}]`, `[${r.verbs.join(' ')}]`].join(' ').trim(),
    );
    const theirs = (await kubectl('dev', 'auth', 'can-i', '--list', '-n', 'rbac-test-ns'))
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    expect(ours).toEqual(theirs);
    expect(ours).toContain('pods [] [] [get list watch]');
  });

  it('denies dev everything on pods in eks-work, and answers the cluster scope one review per cell', async () => {
    const ns = await get(reviewRoute, 'dev', 'review?namespace=eks-work');
    expect(Object.values(ns.body.rows.find((r: { label: string }) => r.label === 'pods').cells).every((c) => !(c as { allowed: boolean }).allowed)).toBe(true);
    const cluster = await get(reviewRoute, 'admin', 'review');
    expect(cluster.body.namespace).toBe('');
    expect(cluster.body.rows.find((r: { label: string }) => r.label === 'nodes').cells.delete).toEqual({ allowed: true, via: 'review' });
  });

  it("gives admin oncall's matrix through SubjectAccessReviews, and refuses dev who may not create them with the explained 403", async () => {
    const oncall = await get(reviewRoute, 'admin', 'review?namespace=eks-work&user=oncall&groups=oncall');
    expect(oncall.body.subject).toEqual({ user: 'oncall', groups: ['oncall'], self: false });
    const pods = oncall.body.rows.find((r: { label: string }) => r.label === 'pods').cells;
    expect([pods.list.allowed, pods.delete.allowed]).toEqual([true, false]);
    expect(pods.list.reason).toBe('RBAC: allowed by ClusterRoleBinding "oncall-view" of ClusterRole "view" to Group "oncall"');
    const denied = await get(reviewRoute, 'dev', 'review?namespace=rbac-test-ns&user=admin');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'subjectaccessreviews.authorization.k8s.io is forbidden: User "dev" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
      missing: { verb: 'create', resource: 'subjectaccessreviews', subresource: '', group: 'authorization.k8s.io', namespace: '', name: '' },
    });
  });

  it('checks one permission and names the binding that grants it', async () => {
    const { status, body } = await check('dev', { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'rbac-test-ns' });
    expect(status).toBe(200);
    expect(body.allowed).toBe(true);
    expect(body.reason).toBe('RBAC: allowed by RoleBinding "rbac-test-role-binding/rbac-test-ns" of ClusterRole "view" to Group "rbac-test-group"');
    // dev may not read RBAC objects, so the bindings behind the yes are not known to the console.
    expect(body.grantedBy).toEqual([]);
    expect(body.unreadable.map((u: { resource: string }) => u.resource)).toEqual(['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings']);
    const asAdmin = await check('admin', { verb: 'list', resource: 'pods', namespace: 'rbac-test-ns', user: 'dev', groups: ['rbac-test-group'] });
    expect(asAdmin.body).toMatchObject({ allowed: true, subject: { user: 'dev', groups: ['rbac-test-group'], self: false }, unreadable: [] });
    expect(asAdmin.body.grantedBy).toEqual([
      {
        subject: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'rbac-test-group' },
        binding: { kind: 'RoleBinding', name: 'rbac-test-role-binding', namespace: 'rbac-test-ns' },
        role: { kind: 'ClusterRole', name: 'view', aggregatedFrom: ['system:aggregate-to-view'] },
      },
    ]);
    expect((await check('dev', { verb: 'create', resource: 'deployments', group: 'apps', namespace: 'rbac-test-ns' })).body.allowed).toBe(false);
    expect((await check('dev', { verb: 'get', path: '/version' })).body.allowed).toBe(true);
    expect((await check('dev', { verb: 'get', resource: 'Pods!' })).status).toBe(400);
  });

  it('finds who can list pods in rbac-test-ns as admin, and says dev cannot read the RBAC objects', async () => {
    const { body } = await get(whoCanRoute, 'admin', 'who-can?verb=list&resource=pods&namespace=rbac-test-ns');
    const lines = body.entries.map(
      (e: { subject: { kind: string; name: string }; binding: { kind: string; name: string }; role: { name: string } }) =>
        `${e.subject.kind}/${e.subject.name} ${e.binding.kind}/${e.binding.name} ${e.role.name}`,
    );
    expect(lines).toEqual([
      'Group/system:masters ClusterRoleBinding/cluster-admin cluster-admin',
      'Group/oncall ClusterRoleBinding/oncall-view view',
      'ServiceAccount/watchdeck-hpa-recorder ClusterRoleBinding/watchdeck-hpa-recorder watchdeck-hpa-recorder',
      'Group/rbac-test-group RoleBinding/rbac-test-role-binding view',
    ]);
    expect(body.unreadable).toEqual([]);
    const dev = await get(whoCanRoute, 'dev', 'who-can?verb=list&resource=pods&namespace=rbac-test-ns');
    expect(dev.status).toBe(200);
    expect(dev.body.entries).toEqual([]);
    expect(dev.body.unreadable[0]).toEqual({
      resource: 'clusterroles',
      message: 'clusterroles.rbac.authorization.k8s.io is forbidden: User "dev" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
    });
  });

  it('names the roles that would grant dev list pods in eks-work, with the YAML, or says dev cannot read roles', async () => {
    const admin = await get(grantsRoute, 'admin', 'grants?verb=list&resource=pods&namespace=eks-work');
    expect(admin.body.roles.map((r: { name: string }) => r.name)).toEqual(['admin', 'cluster-admin', 'edit', 'system:aggregate-to-view', 'view', 'watchdeck-hpa-recorder']);
    const dev = await get(grantsRoute, 'dev', 'grants?verb=list&resource=pods&namespace=eks-work');
    expect(dev.body.roles).toEqual([]);
    expect(dev.body.unreadable.map((u: { resource: string }) => u.resource)).toEqual(['clusterroles', 'roles']);
    expect(dev.body.yaml).toContain('kind: RoleBinding\nmetadata:\n  name: dev-list-pods\n  namespace: eks-work\nsubjects:\n  - kind: User\n    apiGroup: rbac.authorization.k8s.io\n    name: dev\n');
  });

  it("a refused live list answers 403 naming list and watch as needed, and its grant gives both without naming dev's pods", async () => {
    for (const [route, path] of [
      [podStreamRoute, 'pods/stream?namespace=eks-work'],
      [podWatchRoute, 'pods/watch?namespace=eks-work'],
    ] as const) {
      const response = await route(t.request('dev', `/api/v1/clusters/${CLUSTER}/${path}`), params({ cluster: CLUSTER }));
      const body = await response.json();
      const verb = path.startsWith('pods/stream') ? 'list' : 'watch';
      expect([response.status, body.missing], path).toEqual([403, { verb, resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '', needed: ['list', 'watch'] }]);
      expect(body.error.needed, path).toEqual(['list', 'watch']);
    }
    const dev = await get(grantsRoute, 'dev', 'grants?verb=watch&resource=pods&namespace=eks-work&needed=list,watch');
    expect(dev.body.yaml).toContain(
      'kind: Role\nmetadata:\n  name: dev-list-watch-pods\n  namespace: eks-work\nrules:\n  - apiGroups:\n      - ""\n    resources:\n      - pods\n    verbs:\n      - list\n      - watch\n',
    );
    const refused = await get(grantsRoute, 'dev', 'grants?verb=watch&resource=pods&namespace=eks-work&needed=list,Watch');
    expect([refused.status, refused.body.error.message]).toEqual([400, 'invalid query: needed.1: a verb is lower-case letters, or "*"']);
  });

  it('describes view like kubectl describe clusterrole, linked to the bindings that use it', async () => {
    const { body } = await get(roleRoute, 'admin', 'roles/clusterroles/view', { kind: 'clusterroles', name: 'view' });
    // The scenario's aggregated roles: the bootstrap one, metrics-server's and cert-manager's, by name.
    expect(body.aggregation).toEqual({
      selectors: [{ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }],
      from: ['cert-manager-view', 'system:aggregate-to-view', 'system:aggregated-metrics-reader'],
    });
    expect(body.rules).toContainEqual({ resources: 'pods/log', nonResourceURLs: [], resourceNames: [], verbs: ['get', 'list', 'watch'] });
    expect(body.bindings.data.map((b: { kind: string; name: string }) => `${b.kind}/${b.name}`)).toEqual(['ClusterRoleBinding/oncall-view', 'RoleBinding/rbac-test-role-binding']);
    const colon = await get(roleRoute, 'admin', 'roles/clusterroles/system:basic-user', { kind: 'clusterroles', name: 'system:basic-user' });
    expect(colon.body.rules.map((r: { resources: string }) => r.resources)).toEqual([
      'selfsubjectreviews.authentication.k8s.io',
      'selfsubjectaccessreviews.authorization.k8s.io',
      'selfsubjectrulesreviews.authorization.k8s.io',
    ]);
    const binding = await get(bindingRoute, 'admin', 'bindings/rolebindings/rbac-test-role-binding?namespace=rbac-test-ns', { kind: 'rolebindings', name: 'rbac-test-role-binding' });
    expect(binding.body).toMatchObject({
      kind: 'RoleBinding',
      name: 'rbac-test-role-binding',
      namespace: 'rbac-test-ns',
      roleRef: { kind: 'ClusterRole', name: 'view' },
      role: { data: { kind: 'ClusterRole', name: 'view' } },
    });
  });

  it.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'describes edit exactly as kubectl describe clusterrole does'), async () => {
    const { body } = await get(roleRoute, 'admin', 'roles/clusterroles/edit', { kind: 'clusterroles', name: 'edit' });
    const ours = body.rules.map((r: { resources: string; nonResourceURLs: string[]; resourceNames: string[]; verbs: string[] }) =>
      [r.resources, `[${r.nonResourceURLs.join(' ')}]`, `[${r.resourceNames.join(' ')}]`, `[${r.verbs.join(' ')}]`].join(' ').trim(),
    );
    const described = (await kubectl('admin', 'describe', 'clusterrole', 'edit')).split('\n');
    const table = described
      .slice(described.findIndex((l) => l.trim().startsWith('---------')) + 1)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    expect(ours).toEqual(table);
    expect(ours.length).toBeGreaterThan(40);
  });

  it('lists roles with each list as its own section, so dev sees the 403 in place', async () => {
    const { status, body } = await get(rolesRoute, 'dev', 'roles?namespace=rbac-test-ns');
    expect(status).toBe(200);
    expect(body.clusterRoles.error.status.code).toBe(403);
    expect(body.roles.error.message).toBe(
      'roles.rbac.authorization.k8s.io is forbidden: User "dev" cannot list resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "rbac-test-ns"',
    );
    const admin = await get(rolesRoute, 'admin', 'roles');
    expect(admin.body.clusterRoles.data.find((r: { name: string }) => r.name === 'view')).toMatchObject({ kind: 'ClusterRole', name: 'view', aggregated: true });
    expect(admin.body.roles).toBeUndefined();
  });
});
