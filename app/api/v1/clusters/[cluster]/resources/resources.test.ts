import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTimings, forgetCanAnswers } from '@/server/k8s/can';
import { metricSample } from '@/server/testing/metric-sample';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { SseReader } from '@/server/testing/sse-reader';
import type { ResourceRow } from '@/server/k8s/table';
import { GET as resourcesRoute } from './route';
import { GET as listRoute } from './[group]/[version]/[resource]/route';
import { GET as objectRoute } from './[group]/[version]/[resource]/[name]/route';
import { POST as canRoute } from '../access/can/route';

/** Names the API server's own 403 for a list: the message the sandbox's RBAC gives, as kube-apiserver words it. */
const forbiddenList = (user: string, resource: string, group: string, namespace: string) =>
  `${resource}${group ? `.${group}` : ''} is forbidden: User "${user}" cannot list resource "${resource}" in API group "${group}" in the namespace "${namespace}"`;

describe('any resource through the console API, against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    // Two simulated minutes in: the scenario's deployments have their pods and the endpoints controller has run.
    t = await startSandboxConsole({ advanceMs: 2 * 60_000 });
  }, 180_000);
  afterAll(async () => t?.close());

  const kinds = (user: SandboxUserName, query = '') => callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/resources${query}`, resourcesRoute, params({ cluster: CLUSTER }));
  const list = (user: SandboxUserName, group: string, version: string, resource: string, query = '') =>
    callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/resources/${group}/${version}/${resource}${query}`, listRoute, params({ cluster: CLUSTER, group, version, resource }));
  const object = (user: SandboxUserName, group: string, version: string, resource: string, name: string, query = '') =>
    callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/resources/${group}/${version}/${resource}/${name}${query}`, objectRoute, params({ cluster: CLUSTER, group, version, resource, name }));
  const names = (rows: ResourceRow[]) => rows.map((r) => `${r.namespace}/${r.name}`);

  it('lists every served resource with whether dev may list it in rbac-test-ns (the view role there, nothing cluster-wide)', async () => {
    const { status, body } = await kinds('dev', '?namespace=rbac-test-ns');
    expect(status).toBe(200);
    const byName = Object.fromEntries(body.resources.map((r: { group: string; resource: string }) => [`${r.group}/${r.resource}`, r]));
    expect(byName['core/services']).toEqual({
      group: 'core',
      version: 'v1',
      resource: 'services',
      kind: 'Service',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
      // kube-apiserver's /api/v1 lists services/status and services/proxy.
      subresources: ['status', 'proxy'],
      list: { allowed: true },
    });
    // The sandbox's deployments serve status and scale, as kube-apiserver's apps/v1 discovery lists them.
    expect(byName['apps/deployments'].subresources).toEqual(['status', 'scale']);
    // view grants neither Secrets nor anything cluster-scoped.
    expect(byName['core/secrets'].list).toEqual({ allowed: false, missing: { verb: 'list', resource: 'secrets', group: '', namespace: 'rbac-test-ns' } });
    expect(byName['core/nodes'].list).toEqual({ allowed: false, missing: { verb: 'list', resource: 'nodes', group: '', namespace: '' } });
    expect(byName['core/configmaps'].list.allowed).toBe(true);
    expect(byName['networking.k8s.io/ingresses'].list.allowed).toBe(true);
    expect(body.resources.some((r: { resource: string }) => r.resource.includes('/'))).toBe(false);
    const admin = await kinds('admin', '?namespace=rbac-test-ns');
    expect(admin.body.resources.every((r: { list: { allowed: boolean } }) => r.list.allowed)).toBe(true);
  });

  it('gives dev the Services of rbac-test-ns with the columns kubectl get prints, wide ones at priority 1', async () => {
    const { status, body } = await list('dev', 'core', 'v1', 'services', '?namespace=rbac-test-ns');
    expect(status).toBe(200);
    expect(body.columns.map((c: { name: string; priority: number }) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Type', 0],
      ['Cluster-IP', 0],
      ['External-IP', 0],
      ['Port(s)', 0],
      ['Age', 0],
      ['Selector', 1],
    ]);
    const stored = t.sandbox.world.store.get('services', 'rbac-test-ns', 'sample-app')!;
    expect(body.rows).toEqual([
      {
        name: 'sample-app',
        namespace: 'rbac-test-ns',
        uid: stored.metadata.uid,
        labels: { app: 'sample-app' },
        creationTimestamp: stored.metadata.creationTimestamp,
        cells: ['sample-app', 'ClusterIP', '10.100.91.203', '<none>', '80/TCP', body.rows[0].cells[5], 'app=sample-app'],
      },
    ]);
    expect(body.resourceVersion).toMatch(/^\d+$/);
  });

  it('gives dev the ConfigMaps of every namespace it may read (rbac-test-ns), eks-work named as left out with the API server 403', async () => {
    const { status, body } = await list('dev', 'core', 'v1', 'configmaps');
    expect(status).toBe(200);
    expect(names(body.rows)).toEqual(['rbac-test-ns/sample-app-config']);
    expect(body.rows[0].cells.slice(0, 2)).toEqual(['sample-app-config', 2]);
    expect(body.omitted).toEqual([{ name: 'eks-work', reason: forbiddenList('dev', 'configmaps', '', 'eks-work') }]);
  });

  it('answers dev 403 with the missing permission for Secrets in its own namespace and for Services in another, with no rows', async () => {
    const secrets = await list('dev', 'core', 'v1', 'secrets', '?namespace=rbac-test-ns');
    expect(secrets.status).toBe(403);
    expect(secrets.body.missing).toEqual({ verb: 'list', resource: 'secrets', subresource: '', group: '', namespace: 'rbac-test-ns', name: '' });
    const other = await list('dev', 'core', 'v1', 'services', '?namespace=eks-work');
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(forbiddenList('dev', 'services', '', 'eks-work'));
    expect(other.text).not.toContain('backend-app-service');
  });

  it('pages with limit and continue through every ConfigMap of the cluster, in the order one listing gives', async () => {
    const all = names((await list('admin', 'core', 'v1', 'configmaps')).body.rows);
    const paged: string[] = [];
    let next = '';
    do {
      const { body } = await list('admin', 'core', 'v1', 'configmaps', `?limit=2${next ? `&continue=${encodeURIComponent(next)}` : ''}`);
      expect(body.rows.length).toBeLessThanOrEqual(2);
      paged.push(...names(body.rows));
      next = body.continue ?? '';
    } while (next);
    expect(paged).toEqual(all);
    expect(all).toContain('eks-work/backend-app-config');
  });

  it('streams every page as NDJSON lines for Accept application/x-ndjson, each with the columns', async () => {
    const all = names((await list('admin', 'core', 'v1', 'configmaps')).body.rows);
    const response = await listRoute(
      t.request('admin', `/api/v1/clusters/${CLUSTER}/resources/core/v1/configmaps?limit=3`, { accept: 'application/x-ndjson' }),
      params({ cluster: CLUSTER, group: 'core', version: 'v1', resource: 'configmaps' }) as never,
    );
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/x-ndjson; charset=utf-8']);
    const text = await response.text();
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.flatMap((line) => names(line.rows))).toEqual(all);
    expect(lines.length).toBe(Math.ceil(all.length / 3));
    expect(lines.every((line) => line.columns[0].name === 'Name' && line.continue === undefined)).toBe(true);
  });

  it('watches as Server-Sent Events of rows printed by the API server, for Accept text/event-stream', async () => {
    const response = await listRoute(
      t.request('dev', `/api/v1/clusters/${CLUSTER}/resources/core/v1/configmaps?namespace=rbac-test-ns&resourceVersion=${t.sandbox.world.store.resourceVersion}`, { accept: 'text/event-stream' }),
      params({ cluster: CLUSTER, group: 'core', version: 'v1', resource: 'configmaps' }) as never,
    );
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const sse = new SseReader(response);
    const created = t.sandbox.world.store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'watched', namespace: 'rbac-test-ns' },
      data: { a: '1', b: '2', c: '3' },
    } as never);
    const added = await sse.nextOf('ADDED');
    expect(added.id).toBe(created.metadata.resourceVersion);
    expect(JSON.parse(added.data)).toMatchObject({ name: 'watched', namespace: 'rbac-test-ns', uid: created.metadata.uid, cells: ['watched', 3, '0s'] });
    await sse.cancel();
    t.sandbox.world.store.delete('configmaps', 'rbac-test-ns', 'watched');
  });

  it('shows a Service with the pods its selector matches and its endpoints, each section on its own', async () => {
    const { status, body } = await object('dev', 'core', 'v1', 'services', 'sample-app', '?namespace=rbac-test-ns');
    expect(status).toBe(200);
    expect(body.object.metadata.name).toBe('sample-app');
    expect(body.object.metadata.managedFields).toBeUndefined();
    expect(body.yaml).toContain('clusterIP: 10.100.91.203');
    const pods = t.sandbox.world.store.list('pods', 'rbac-test-ns').map((p) => p.metadata.name);
    // The sandbox serves discovery.k8s.io EndpointSlices, so they stand for the Service's endpoints, as for kubectl describe.
    expect(body.related.map((s: { title: string }) => s.title)).toEqual(['EndpointSlices', 'Pods selected']);
    // A kind's name is its own title; a phrase comes with the key the page says it by.
    expect(body.related.map((s: { titleKey?: string }) => s.titleKey)).toEqual([undefined, 'podsSelected']);
    const slices = t.sandbox.world.store
      .list('discovery.k8s.io/endpointslices', 'rbac-test-ns')
      .filter((o) => o.metadata.labels?.['kubernetes.io/service-name'] === 'sample-app')
      .map((o) => o.metadata.name);
    expect(slices.length).toBe(1);
    expect(body.related[0].result.data.map((o: { name: string }) => o.name)).toEqual(slices);
    expect(body.related[1].result.data.map((o: { name: string }) => o.name)).toEqual(pods);
    expect(pods.length).toBe(1);
    expect(body.owners).toEqual({ data: [] });
  });

  it('shows the pods that use a Secret and a ConfigMap, by env and envFrom', async () => {
    const secret = await object('admin', 'core', 'v1', 'secrets', 'backend-app-db', '?namespace=eks-work');
    const users = secret.body.related[0].result.data as { name: string; note: string }[];
    expect(secret.body.related[0].title).toBe('Pods using it');
    expect(users.find((u) => u.name === 'postgres-0')?.note).toBe('env of postgres');
    expect(secret.body.related[0].titleKey).toBe('podsUsingIt');
    expect((users as { name: string; uses?: unknown }[]).find((u) => u.name === 'postgres-0')?.uses).toEqual([{ via: 'env', name: 'postgres' }]);
    expect(users.filter((u) => u.name.startsWith('backend-app-')).length).toBeGreaterThan(0);
    const config = await object('admin', 'core', 'v1', 'configmaps', 'backend-app-config', '?namespace=eks-work');
    expect(new Set(config.body.related[0].result.data.map((u: { note: string }) => u.note))).toEqual(new Set(['env of backend-app']));
  });

  it('shows an Ingress with its backend Service', async () => {
    const { body } = await object('oncall', 'networking.k8s.io', 'v1', 'ingresses', 'backend-app-ingress', '?namespace=eks-work');
    expect(body.related).toEqual([
      {
        title: 'Backend Services',
        titleKey: 'backendServices',
        result: { data: [{ group: 'core', version: 'v1', resource: 'services', kind: 'Service', namespace: 'eks-work', name: 'backend-app-service' }] },
      },
    ]);
  });

  it('shows a ReplicaSet with its Deployment above it and its pods below', async () => {
    const rs = t.sandbox.world.store.list('apps/replicasets', 'rbac-test-ns')[0];
    const { body } = await object('dev', 'apps', 'v1', 'replicasets', rs.metadata.name, '?namespace=rbac-test-ns');
    expect(body.owners.data.map((o: { kind: string; name: string }) => `${o.kind}/${o.name}`)).toEqual(['Deployment/sample-app']);
    expect(body.children.data.map((o: { kind: string }) => o.kind)).toEqual(['Pod']);
  });

  it('gives dev a Secret object only as the API server 403, never the Secret', async () => {
    const { status, body, text } = await object('dev', 'core', 'v1', 'secrets', 'backend-app-db', '?namespace=eks-work');
    expect(status).toBe(403);
    expect(body.missing).toEqual({ verb: 'get', resource: 'secrets', subresource: '', group: '', namespace: 'eks-work', name: 'backend-app-db' });
    expect(text).not.toContain(Buffer.from('Zq8#rT2!vLm4').toString('base64'));
  });

  const reviews = async () => ({
    rules: (await metricSample('watchdeck_kube_requests_total', { cluster: CLUSTER, verb: 'create', resource: 'selfsubjectrulesreviews', code: '201' })) ?? 0,
    access: (await metricSample('watchdeck_kube_requests_total', { cluster: CLUSTER, verb: 'create', resource: 'selfsubjectaccessreviews', code: '201' })) ?? 0,
  });
  /** The reviews the console sent the API server while `ask` ran, by the console's own request counter. */
  const asked = async (ask: () => Promise<unknown>) => {
    const before = await reviews();
    await ask();
    const after = await reviews();
    return { rules: after.rules - before.rules, access: after.access - before.access };
  };
  const can = (user: SandboxUserName, checks: object[]) => callAs(t, user, 'POST', `/api/v1/clusters/${CLUSTER}/access/can`, canRoute, params({ cluster: CLUSTER }), { checks });

  it("reuses a caller's list answers: asked again, the API server gets no review; another caller or namespace, or an expired answer, asks again what it has not", async () => {
    forgetCanAnswers();
    // listAccess: one rules review for the namespace, an access review for each cluster-scoped kind (the sandbox's rules reviews are complete).
    const first = await kinds('dev', '?namespace=kube-public');
    const clusterScoped = first.body.resources.filter((r: { namespaced: boolean }) => !r.namespaced).length;
    expect(await asked(() => kinds('dev', '?namespace=kube-public'))).toEqual({ rules: 0, access: 0 });
    expect((await kinds('dev', '?namespace=kube-public')).body).toEqual(first.body);
    expect(await asked(() => kinds('oncall', '?namespace=kube-public'))).toEqual({ rules: 1, access: clusterScoped });
    // The cluster-scoped answers do not depend on the namespace: only the new namespace's rules are asked.
    expect(await asked(() => kinds('dev', '?namespace=kube-node-lease'))).toEqual({ rules: 1, access: 0 });
    const ttl = canTimings.ttlMs;
    canTimings.ttlMs = 0;
    try {
      expect(await asked(() => kinds('dev', '?namespace=kube-public'))).toEqual({ rules: 1, access: clusterScoped });
    } finally {
      canTimings.ttlMs = ttl;
    }
  });

  it("shares answers with a page's action checks: the navigation and an action bar asked together send one review per check", async () => {
    forgetCanAnswers();
    const served = (await kinds('admin')).body.resources as { namespaced: boolean }[];
    const clusterScoped = served.filter((r) => !r.namespaced).length;
    const deleteService = { verb: 'delete', group: '', resource: 'services', namespace: 'rbac-test-ns', name: 'sample-app' };
    // In the same moment: list nodes and namespaces are the navigation's checks too, asked once between them; delete is the action bar's own.
    const together = await asked(() =>
      Promise.all([kinds('dev', '?namespace=rbac-test-ns'), can('dev', [{ verb: 'list', group: '', resource: 'nodes' }, { verb: 'list', group: '', resource: 'namespaces' }, deleteService])]),
    );
    expect(together).toEqual({ rules: 1, access: clusterScoped + 1 });
    // Then the action bar's list checks for rbac-test-ns come from the navigation's rules review, without a review of their own.
    let answer: Awaited<ReturnType<typeof can>> | undefined;
    const listChecks = [
      { verb: 'list', group: '', resource: 'services', namespace: 'rbac-test-ns' },
      { verb: 'list', group: '', resource: 'secrets', namespace: 'rbac-test-ns' },
    ];
    expect(await asked(async () => (answer = await can('dev', listChecks)))).toEqual({ rules: 0, access: 0 });
    // scenario.ts: dev has view in rbac-test-ns, which grants Services and not Secrets.
    expect(answer!.body.results).toEqual([
      { allowed: true },
      { allowed: false, missing: { verb: 'list', group: '', resource: 'secrets', subresource: '', namespace: 'rbac-test-ns', name: '', user: 'dev' } },
    ]);
  });

  it('answers 404 for a resource the server does not serve', async () => {
    const { status, body } = await list('admin', 'example.com', 'v1', 'widgets');
    expect(status).toBe(404);
    expect(body.error).toEqual({ kind: 'NotFound', message: 'the server does not serve "widgets" in example.com/v1' });
  });
});
