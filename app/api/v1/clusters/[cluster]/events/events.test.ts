import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { SseReader } from '@/server/testing/sse-reader';
import type { ClusterEventRow } from '@/server/k8s/events';
import { GET as eventsRoute } from './route';
import { GET as namespacesRoute } from '../namespaces/route';
import { GET as searchRoute } from '../search/route';

/** The API server's 403 for listing Events, as kube-apiserver words it. */
const forbiddenEvents = (user: string, namespace: string) => `events is forbidden: User "${user}" cannot list resource "events" in API group "" in the namespace "${namespace}"`;

describe('the Events, Namespaces and search routes, against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    // Two simulated minutes in: the scenario's pods have started, crashed, failed to pull or stayed Pending.
    t = await startSandboxConsole({ advanceMs: 2 * 60_000 });
  }, 180_000);
  afterAll(async () => t?.close());

  const events = (user: SandboxUserName, query = '') => callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/events${query}`, eventsRoute, params({ cluster: CLUSTER }));
  const namespaces = (user: SandboxUserName, query = '') => callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/namespaces${query}`, namespacesRoute, params({ cluster: CLUSTER }));
  const search = (user: SandboxUserName, q: string) => callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/search?q=${encodeURIComponent(q)}`, searchRoute, params({ cluster: CLUSTER }));
  const stored = (namespace: string) => t.sandbox.world.store.list('events', namespace);
  const objects = (rows: ClusterEventRow[]) => [...new Set(rows.map((r) => `${r.object.kind}/${r.object.name}`))].sort();

  it('lists eks-work Events newest first, each as kubectl events prints it, every stored one once', async () => {
    const { status, body } = await events('admin', '?namespace=eks-work');
    expect(status).toBe(200);
    // The sandbox serves both core v1 and events.k8s.io/v1 Events; the route reads core v1, as kubectl events does.
    expect(body.api).toBe('v1');
    expect(body.omitted).toEqual([]);
    const rows = body.rows as ClusterEventRow[];
    expect(rows.map((r) => r.uid).sort()).toEqual(
      stored('eks-work')
        .map((e) => e.metadata.uid)
        .sort(),
    );
    const seen = rows.map((r) => r.lastSeen ?? '');
    expect(seen).toEqual([...seen].sort().reverse());
    const event = stored('eks-work').find((e) => e.reason === 'FailedScheduling')!;
    expect(rows.find((r) => r.uid === event.metadata.uid)).toEqual({
      uid: event.metadata.uid,
      namespace: 'eks-work',
      name: event.metadata.name,
      type: 'Warning',
      reason: 'FailedScheduling',
      message: event.message,
      count: event.count,
      firstSeen: event.firstTimestamp,
      lastSeen: event.lastTimestamp,
      source: 'default-scheduler',
      object: { kind: 'Pod', name: event.involvedObject.name, namespace: 'eks-work', apiVersion: 'v1' },
    });
  });

  it("filters eks-work Events by type Warning on the API server: the scenario's crash loop, bad image, Pending pods, failed Job and metric-less HPA", async () => {
    const { body } = await events('admin', '?namespace=eks-work&type=Warning');
    const rows = body.rows as ClusterEventRow[];
    expect(rows.every((r) => r.type === 'Warning')).toBe(true);
    expect(rows.map((r) => r.uid).sort()).toEqual(
      stored('eks-work')
        .filter((e) => e.type === 'Warning')
        .map((e) => e.metadata.uid)
        .sort(),
    );
    // scenario.ts: backend-app-canary crash-loops, frontend-web's image cannot be pulled, batch-analytics and dedicated-worker cannot be scheduled,
    // report-generator-manual fails past its backoff limit, and backend-app's HPA has no metrics yet.
    expect([...new Set(rows.map((r) => r.reason))].sort()).toEqual(['BackOff', 'BackoffLimitExceeded', 'Failed', 'FailedComputeMetricsReplicas', 'FailedGetResourceMetric', 'FailedScheduling']);
  });

  it("filters by reason: FailedScheduling is about the two Pending deployments' pods only", async () => {
    const { body } = await events('admin', '?namespace=eks-work&reason=FailedScheduling');
    const names = objects(body.rows);
    expect(names.length).toBe(2);
    expect(names[0]).toMatch(/^Pod\/batch-analytics-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(names[1]).toMatch(/^Pod\/dedicated-worker-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  it("filters by object kind and name: the backend-app HPA's events, and the pingpong CronJob's", async () => {
    const hpa = await events('admin', '?namespace=eks-work&kind=HorizontalPodAutoscaler&name=backend-app');
    expect(objects(hpa.body.rows)).toEqual(['HorizontalPodAutoscaler/backend-app']);
    expect([...new Set((hpa.body.rows as ClusterEventRow[]).map((r) => r.reason))].sort()).toEqual(['FailedComputeMetricsReplicas', 'FailedGetResourceMetric']);
    const cron = await events('admin', '?namespace=eks-work&kind=CronJob&name=pingpong');
    expect(objects(cron.body.rows)).toEqual(['CronJob/pingpong']);
    expect([...new Set((cron.body.rows as ClusterEventRow[]).map((r) => `${r.reason} ${r.source}`))].sort()).toEqual(['SawCompletedJob cronjob-controller', 'SuccessfulCreate cronjob-controller']);
    const kindOnly = await events('admin', '?namespace=eks-work&kind=StatefulSet');
    expect(objects(kindOnly.body.rows)).toEqual(['StatefulSet/postgres']);
  });

  it('answers dev 403 with the missing permission for eks-work Events, and lists only rbac-test-ns for all namespaces', async () => {
    const denied = await events('dev', '?namespace=eks-work');
    expect(denied.status).toBe(403);
    expect(denied.body.missing).toEqual({ verb: 'list', resource: 'events', subresource: '', group: '', namespace: 'eks-work', name: '' });
    expect(denied.body.message).toBe(forbiddenEvents('dev', 'eks-work'));
    const all = await events('dev');
    expect(all.status).toBe(200);
    expect(new Set((all.body.rows as ClusterEventRow[]).map((r) => r.namespace))).toEqual(new Set(['rbac-test-ns']));
    expect(all.body.rows.length).toBe(stored('rbac-test-ns').length);
    expect(all.body.omitted).toEqual([{ name: 'eks-work', reason: forbiddenEvents('dev', 'eks-work') }]);
  });

  it('watches the filtered Events as Server-Sent Events of rows: a Warning arrives, a Normal does not', async () => {
    const response = await eventsRoute(
      t.request('admin', `/api/v1/clusters/${CLUSTER}/events?namespace=eks-work&type=Warning&resourceVersion=${t.sandbox.world.store.resourceVersion}`, { accept: 'text/event-stream' }),
      params({ cluster: CLUSTER }) as never,
    );
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const sse = new SseReader(response);
    const base = { apiVersion: 'v1', kind: 'Event', involvedObject: { kind: 'Pod', name: 'watched', namespace: 'eks-work' }, source: { component: 'kubelet' }, count: 1 };
    t.sandbox.world.store.create('events', { ...base, metadata: { name: 'watched.normal', namespace: 'eks-work' }, type: 'Normal', reason: 'Pulled', message: 'normal' } as never);
    const warning = t.sandbox.world.store.create('events', { ...base, metadata: { name: 'watched.warning', namespace: 'eks-work' }, type: 'Warning', reason: 'BackOff', message: 'warning' } as never);
    const added = await sse.nextOf('ADDED');
    expect(JSON.parse(added.data)).toMatchObject({ uid: warning.metadata.uid, type: 'Warning', reason: 'BackOff', message: 'warning', object: { kind: 'Pod', name: 'watched' } });
    await sse.cancel();
  });

  it('gives dev the Namespaces page data: rbac-test-ns with its quota, limit range and view verbs, eks-work left out', async () => {
    const { status, body } = await namespaces('dev', '?details=true');
    expect(status).toBe(200);
    expect(body.canListAll).toBe(false);
    expect(body.omitted).toEqual([{ name: 'eks-work', reason: 'cannot list pods in namespace "eks-work"' }]);
    expect(body.namespaces.map((n: { name: string }) => n.name)).toEqual(['rbac-test-ns']);
    const [ns] = body.namespaces;
    expect(ns.object.data.phase).toBe('Active');
    // scenario.ts rbacTest: dev-quota's hard limits; used is the one sample-app pod (50m / 64Mi requests, 128Mi memory limit, default-limits' 200m cpu limit), its ConfigMap and Service.
    expect(ns.quotas).toEqual({
      data: [
        {
          name: 'dev-quota',
          resources: [
            { resource: 'configmaps', used: '1', hard: '10' },
            { resource: 'limits.cpu', used: '200m', hard: '2' },
            { resource: 'limits.memory', used: '128Mi', hard: '2Gi' },
            { resource: 'pods', used: '1', hard: '10' },
            { resource: 'requests.cpu', used: '50m', hard: '1' },
            { resource: 'requests.memory', used: '64Mi', hard: '1Gi' },
            { resource: 'services', used: '1', hard: '5' },
          ],
        },
      ],
    });
    // scenario.ts rbacTest: default-limits, one Container item, as kubectl describe limitrange lists it ("-" where unset).
    expect(ns.limitRanges).toEqual({
      data: [
        {
          name: 'default-limits',
          limits: [
            { type: 'Container', resource: 'cpu', min: '-', max: '1', defaultRequest: '50m', default: '200m', maxLimitRequestRatio: '-' },
            { type: 'Container', resource: 'memory', min: '-', max: '1Gi', defaultRequest: '64Mi', default: '256Mi', maxLimitRequestRatio: '-' },
          ],
        },
      ],
    });
    // dev has the view ClusterRole in rbac-test-ns: read verbs on everything but Secrets.
    const verbs = Object.fromEntries(ns.access.data.map((r: { label: string; verbs: string[] }) => [r.label, r.verbs.join(',')]));
    expect(verbs).toEqual({
      pods: 'get,list,watch',
      services: 'get,list,watch',
      configmaps: 'get,list,watch',
      secrets: '',
      events: 'get,list,watch',
      'deployments.apps': 'get,list,watch',
      'statefulsets.apps': 'get,list,watch',
      'jobs.batch': 'get,list,watch',
      'cronjobs.batch': 'get,list,watch',
      'horizontalpodautoscalers.autoscaling': 'get,list,watch',
    });
  });

  it('gives admin every namespace with every verb, eks-work without quotas or limit ranges', async () => {
    const { body } = await namespaces('admin', '?details=true');
    expect(body.canListAll).toBe(true);
    const names = body.namespaces.map((n: { name: string }) => n.name);
    expect(names).toEqual(
      t.sandbox.world.store
        .list('namespaces')
        .map((n) => n.metadata.name)
        .sort(),
    );
    const eksWork = body.namespaces.find((n: { name: string }) => n.name === 'eks-work');
    expect([eksWork.quotas, eksWork.limitRanges]).toEqual([{ data: [] }, { data: [] }]);
    expect(eksWork.access.data.every((r: { verbs: string[] }) => r.verbs.join(',') === 'get,list,watch,create,update,patch,delete')).toBe(true);
    const plain = await namespaces('admin');
    expect(plain.body.namespaces[0]).toEqual({ name: body.namespaces[0].name, source: 'list' });
  });

  it('finds for dev only rbac-test-ns objects by name, deployments before services, prefixes before the rest', async () => {
    const pod = t.sandbox.world.store.list('pods', 'rbac-test-ns')[0].metadata.name;
    const { status, body } = await search('dev', 'sample');
    expect(status).toBe(200);
    expect(body).toEqual({
      hits: [
        { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespace: 'rbac-test-ns', name: 'sample-app' },
        { group: 'core', version: 'v1', resource: 'services', kind: 'Service', namespace: 'rbac-test-ns', name: 'sample-app' },
        { group: 'core', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespace: 'rbac-test-ns', name: 'sample-app-config' },
        { group: 'core', version: 'v1', resource: 'pods', kind: 'Pod', namespace: 'rbac-test-ns', name: pod },
      ],
      truncated: false,
    });
  });

  it("finds for admin backend-app's Deployment, HPA, Service and ConfigMap in eks-work, and its nodes by name", async () => {
    const { body } = await search('admin', 'backend-app');
    const hits = (body.hits as { kind: string; namespace: string; name: string }[]).map((h) => `${h.kind} ${h.namespace}/${h.name}`);
    expect(hits.slice(0, 2).sort()).toEqual(['Deployment eks-work/backend-app', 'HorizontalPodAutoscaler eks-work/backend-app']);
    expect(hits).toContain('Service eks-work/backend-app-service');
    expect(hits).toContain('ConfigMap eks-work/backend-app-config');
    const node = t.sandbox.world.store.list('nodes')[0].metadata.name;
    expect((await search('admin', node)).body.hits[0]).toEqual({ group: 'core', version: 'v1', resource: 'nodes', kind: 'Node', namespace: '', name: node });
  });
});
