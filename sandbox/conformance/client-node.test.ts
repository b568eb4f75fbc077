import https from 'node:https';
import { PassThrough } from 'node:stream';
import { AppsV1Api, AuthorizationV1Api, AutoscalingV1Api, CoreV1Api, KubernetesObjectApi, Log, PatchStrategy, VersionApi, Watch, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_START_TIMEOUT_MS, startTestSandbox, statusOf, type TestSandbox } from './harness';
import type { NewObject } from '../kube/store';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
}, SANDBOX_START_TIMEOUT_MS);
afterAll(async () => {
  await t?.close();
});

const core = (user: 'admin' | 'oncall' | 'dev' = 'admin') => t.config(user).makeApiClient(CoreV1Api);
const apps = () => t.config('admin').makeApiClient(AppsV1Api);

function deployment(name: string, replicas = 2): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }] } },
    },
  };
}

function pod(name: string, extra: Partial<V1Pod['spec']> = {}): V1Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'conf' } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }], ...extra } };
}

/** A pod as the kubelet would have it running on a node, put straight into the store. */
function runningPod(name: string, containers: { name: string; state: object; lastState?: object }[], labels: Record<string, string> = { app: 'logs' }): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'eks-work', labels },
    spec: { nodeName: 'ip-10-0-1-10.ec2.internal', containers: containers.map((c) => ({ name: c.name, image: 'busybox:1.36' })) },
    status: {
      phase: 'Running',
      // Every container ready, so the pod is Ready: eviction counts only ready pods against a budget (eviction.go).
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: containers.map((c) => ({ name: c.name, ready: true, restartCount: 0, image: 'busybox:1.36', imageID: '', state: c.state, lastState: c.lastState ?? {} })),
    },
  };
}

function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ code: number; body: string }> {
  const url = new URL(path, t.sandbox.url);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: t.sandbox.caData, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const bearer = (user: 'admin' | 'oncall' | 'dev') => ({ Authorization: `Bearer ${t.sandbox.users.find((u) => u.username === user)!.token}` });

describe('discovery and health', () => {
  it('reports a v1.32 EKS version on linux/amd64', async () => {
    const info = await t.config('admin').makeApiClient(VersionApi).getCode();
    expect(info.gitVersion).toBe('v1.32.9-eks-113cf36');
    expect(info.platform).toBe('linux/amd64');
  });

  it('answers /livez, /readyz and /version without credentials, as system:public-info-viewer allows', async () => {
    expect(await raw('/livez')).toEqual({ code: 200, body: 'ok' });
    expect(await raw('/readyz')).toEqual({ code: 200, body: 'ok' });
    expect((await raw('/version')).code).toBe(200);
  });

  it('lists the individual checks with ?verbose and serves each check alone', async () => {
    const verbose = await raw('/livez?verbose');
    expect(verbose.body.split('\n').slice(0, 3)).toEqual(['[+]ping ok', '[+]log ok', '[+]etcd ok']);
    expect(verbose.body.endsWith('livez check passed\n')).toBe(true);
    expect(await raw('/readyz/etcd-readiness', bearer('admin'))).toEqual({ code: 200, body: 'ok' });
    expect((await raw('/readyz/nope', bearer('admin'))).code).toBe(404);
    // system:public-info-viewer names the bare paths only.
    expect((await raw('/readyz/etcd-readiness')).code).toBe(403);
  });

  it('refuses discovery to anonymous callers with the Forbidden for the path', async () => {
    const res = await raw('/api');
    expect(res.code).toBe(403);
    expect(JSON.parse(res.body).message).toBe('forbidden: User "system:anonymous" cannot get path "/api"');
  });

  it('lists subresources with their kinds in the core resource list', async () => {
    const list = await core().getAPIResources();
    const log = list.resources.find((r) => r.name === 'pods/log');
    expect(log).toEqual({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    const eviction = list.resources.find((r) => r.name === 'pods/eviction');
    expect(eviction).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  });
});

describe('authentication', () => {
  it('answers an unknown bearer token with 401 Unauthorized, even on health paths', async () => {
    const kc = t.config('admin');
    (kc.getCurrentUser() as { token?: string }).token = 'not-a-token';
    await expect(kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'eks-work' })).rejects.toMatchObject({ code: 401 });
    const res = await raw('/livez', { Authorization: 'Bearer not-a-token' });
    expect(res.code).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('honours impersonation for admin and acts as the impersonated user', async () => {
    const res = await raw('/api/v1/namespaces/eks-work/pods', { ...bearer('admin'), 'Impersonate-User': 'dev', 'Impersonate-Group': 'rbac-test-group' });
    expect(res.code).toBe(403);
    expect(JSON.parse(res.body).message).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  });

  it('refuses impersonation to dev with the real Forbidden message', async () => {
    const res = await raw('/api/v1/namespaces/rbac-test-ns/pods', { ...bearer('dev'), 'Impersonate-User': 'admin' });
    expect(res.code).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({
      reason: 'Forbidden',
      message: 'users "admin" is forbidden: User "dev" cannot impersonate resource "users" in API group "" at the cluster scope',
      details: { name: 'admin', kind: 'users' },
    });
  });
});

describe('create, read, update', () => {
  it('creates with the URL namespace and a generated name', async () => {
    const created = await core().createNamespacedPod({ namespace: 'eks-work', body: { ...pod(''), metadata: { generateName: 'gen-', labels: { app: 'conf' } } } });
    expect(created.metadata!.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.metadata!.namespace).toBe('eks-work');
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(created.spec!.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('answers a duplicate name with 409 AlreadyExists', async () => {
    await core().createNamespacedPod({ namespace: 'eks-work', body: pod('dup') });
    const status = await statusOf(core().createNamespacedPod({ namespace: 'eks-work', body: pod('dup') }));
    expect(status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "dup" already exists', details: { name: 'dup', kind: 'pods' } });
  });

  it('answers an invalid name with 422 Invalid and its causes', async () => {
    const status = await statusOf(core().createNamespacedPod({ namespace: 'eks-work', body: pod('Bad_Name') }));
    const message =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${message}`,
      reason: 'Invalid',
      details: { name: 'Bad_Name', kind: 'Pod', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "Bad_Name": ${message}`, field: 'metadata.name' }] },
      code: 422,
    });
  });

  it('validates label keys and values with the apimachinery wording', async () => {
    const status = await statusOf(core().createNamespacedConfigMap({ namespace: 'eks-work', body: { metadata: { name: 'labelled', labels: { app: 'bad value!' } } } }));
    expect(status).toMatchObject({
      code: 422,
      message:
        "ConfigMap \"labelled\" is invalid: metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    });
  });

  it('allocates a cluster IP and node ports for a new service', async () => {
    const svc = await core().createNamespacedService({
      namespace: 'eks-work',
      body: { metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    expect(svc.spec!.clusterIP).toMatch(/^10\.100\.\d{1,3}\.\d{1,3}$/);
    expect(svc.spec!.clusterIPs).toEqual([svc.spec!.clusterIP]);
    expect(svc.spec!.ports![0]).toMatchObject({ port: 80, targetPort: 8080, protocol: 'TCP' });
    expect(svc.spec!.ports![0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec!.ports![0].nodePort).toBeLessThanOrEqual(32767);
  });

  it('requires a name or generateName', async () => {
    const status = await statusOf(core().createNamespacedPod({ namespace: 'eks-work', body: { ...pod(''), metadata: {} } }));
    expect(status).toMatchObject({ code: 422, message: 'Pod "" is invalid: metadata.name: Required value: name or generateName is required' });
  });

  it('answers a missing namespace with 404 and a mismatched one with 400', async () => {
    expect(await statusOf(core().createNamespacedPod({ namespace: 'nope', body: pod('x') }))).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' });
    expect(await statusOf(core().createNamespacedPod({ namespace: 'eks-work', body: { ...pod('x'), metadata: { name: 'x', namespace: 'rbac-test-ns' } } }))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });

  it('answers a missing object with 404 NotFound', async () => {
    expect(await statusOf(apps().readNamespacedDeployment({ namespace: 'eks-work', name: 'ghost' }))).toMatchObject({
      code: 404,
      message: 'deployments.apps "ghost" not found',
      details: { name: 'ghost', group: 'apps', kind: 'deployments' },
    });
  });

  it('answers an update with a stale resourceVersion with 409 Conflict', async () => {
    const d = await apps().createNamespacedDeployment({ namespace: 'eks-work', body: deployment('stale') });
    await apps().replaceNamespacedDeployment({ namespace: 'eks-work', name: 'stale', body: { ...d, spec: { ...d.spec!, replicas: 3 } } });
    const status = await statusOf(apps().replaceNamespacedDeployment({ namespace: 'eks-work', name: 'stale', body: { ...d, spec: { ...d.spec!, replicas: 4 } } }));
    expect(status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "stale": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('refuses changes to an immutable config map', async () => {
    const cm = await core().createNamespacedConfigMap({ namespace: 'eks-work', body: { metadata: { name: 'frozen' }, data: { a: '1' }, immutable: true } });
    const status = await statusOf(core().replaceNamespacedConfigMap({ namespace: 'eks-work', name: 'frozen', body: { ...cm, data: { a: '2' } } }));
    expect(status).toMatchObject({ code: 422, message: 'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set' });
  });

  it('bumps generation on spec changes only and keeps status out of main-resource updates', async () => {
    const d = await apps().createNamespacedDeployment({ namespace: 'eks-work', body: deployment('gen') });
    expect(d.metadata!.generation).toBe(1);
    const relabelled = await apps().replaceNamespacedDeployment({
      namespace: 'eks-work',
      name: 'gen',
      body: { ...d, metadata: { ...d.metadata, labels: { app: 'gen', x: 'y' } }, status: { replicas: 9 } },
    });
    expect(relabelled.metadata!.generation).toBe(1);
    expect(relabelled.status).toEqual({});
    const scaled = await apps().replaceNamespacedDeployment({ namespace: 'eks-work', name: 'gen', body: { ...relabelled, spec: { ...relabelled.spec!, replicas: 5 } } });
    expect(scaled.metadata!.generation).toBe(2);
    const withStatus = await apps().replaceNamespacedDeploymentStatus({
      namespace: 'eks-work',
      name: 'gen',
      body: { ...scaled, spec: { ...scaled.spec!, replicas: 1 }, status: { replicas: 5, observedGeneration: 2 } },
    });
    expect(withStatus.spec!.replicas).toBe(5);
    expect(withStatus.status).toEqual({ replicas: 5, observedGeneration: 2 });
  });
});

describe('patch', () => {
  const objects = () => t.config('admin').makeApiClient(KubernetesObjectApi);

  it('merges containers by name with a strategic merge patch', async () => {
    await apps().createNamespacedDeployment({ namespace: 'eks-work', body: deployment('smp') });
    const patched = await objects().patch(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'smp', namespace: 'eks-work' },
        spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '2' }] }] } } },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.StrategicMergePatch,
    );
    expect((patched as V1Deployment).spec!.template.spec!.containers).toMatchObject([
      {
        name: 'web',
        image: 'nginx:1.27',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
    ]);
  });

  it('replaces lists with a JSON merge patch', async () => {
    const patched = (await objects().patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'smp', namespace: 'eks-work' }, spec: { template: { spec: { containers: [{ name: 'other', image: 'busybox' }] } } } },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    )) as V1Deployment;
    expect(patched.spec!.template.spec!.containers.map((c) => c.name)).toEqual(['other']);
  });

  it('creates and then updates with server-side apply', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: 'eks-work' }, data: { a: '1' } };
    const created = await objects().patch(cm, undefined, undefined, 'conformance', true, PatchStrategy.ServerSideApply);
    expect((created as { data: object }).data).toEqual({ a: '1' });
    const updated = await objects().patch({ ...cm, data: { a: '2', b: '3' } }, undefined, undefined, 'conformance', true, PatchStrategy.ServerSideApply);
    expect((updated as { data: object }).data).toEqual({ a: '2', b: '3' });
  });

  it('scales through the scale subresource', async () => {
    const scale = await apps().readNamespacedDeploymentScale({ namespace: 'eks-work', name: 'smp' });
    expect(scale.spec).toEqual({ replicas: 2 });
    expect(scale.status).toEqual({ replicas: 0, selector: 'app=smp' });
    const after = await apps().replaceNamespacedDeploymentScale({ namespace: 'eks-work', name: 'smp', body: { ...scale, spec: { replicas: 7 } } });
    expect(after.spec!.replicas).toBe(7);
    expect((await apps().readNamespacedDeployment({ namespace: 'eks-work', name: 'smp' })).spec!.replicas).toBe(7);
  });
});

describe('delete', () => {
  it('deletes a bound pod gracefully and an unbound one at once', async () => {
    t.sandbox.world.store.create('pods', runningPod('bound', [{ name: 'app', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }]));
    const marked = await core().deleteNamespacedPod({ namespace: 'eks-work', name: 'bound' });
    expect((marked as V1Pod).metadata!.deletionGracePeriodSeconds).toBe(30);
    expect((marked as V1Pod).metadata!.deletionTimestamp).toEqual(new Date('2026-01-01T00:00:30Z'));
    // Still stored until its 30 s grace ends, marked as the answer said.
    expect(t.sandbox.world.store.get('pods', 'eks-work', 'bound')!.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');

    await core().createNamespacedPod({ namespace: 'eks-work', body: pod('unbound') });
    await core().deleteNamespacedPod({ namespace: 'eks-work', name: 'unbound' });
    expect(t.sandbox.world.store.get('pods', 'eks-work', 'unbound')).toBeUndefined();
  });

  it('keeps an object with finalizers until the last is removed', async () => {
    await core().createNamespacedConfigMap({ namespace: 'eks-work', body: { metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: {} } });
    await core().deleteNamespacedConfigMap({ namespace: 'eks-work', name: 'held', propagationPolicy: 'Foreground' });
    const marked = t.sandbox.world.store.get('configmaps', 'eks-work', 'held')!;
    expect(marked.metadata.finalizers).toEqual(['example.com/hold', 'foregroundDeletion']);
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    const current = await core().readNamespacedConfigMap({ namespace: 'eks-work', name: 'held' });
    await core().replaceNamespacedConfigMap({ namespace: 'eks-work', name: 'held', body: { ...current, metadata: { ...current.metadata, finalizers: [] } } });
    expect(await statusOf(core().readNamespacedConfigMap({ namespace: 'eks-work', name: 'held' }))).toMatchObject({ code: 404 });
  });

  it('marks a namespace Terminating and removes it once finalized', async () => {
    await core().createNamespace({ body: { metadata: { name: 'short-lived' } } });
    const terminating = await core().deleteNamespace({ name: 'short-lived' });
    expect((terminating as { status?: { phase?: string } }).status?.phase).toBe('Terminating');
    const ns = await core().readNamespace({ name: 'short-lived' });
    expect(ns.spec!.finalizers).toEqual(['kubernetes']);
    await core().replaceNamespaceFinalize({ name: 'short-lived', body: { ...ns, spec: { finalizers: [] } } });
    expect(await statusOf(core().readNamespace({ name: 'short-lived' }))).toMatchObject({ code: 404, message: 'namespaces "short-lived" not found' });
  });

  it('deletes a collection by label selector', async () => {
    for (const name of ['dc-1', 'dc-2']) await core().createNamespacedConfigMap({ namespace: 'eks-work', body: { metadata: { name, labels: { batch: 'x' } } } });
    await core().createNamespacedConfigMap({ namespace: 'eks-work', body: { metadata: { name: 'dc-3', labels: { batch: 'y' } } } });
    await core().deleteCollectionNamespacedConfigMap({ namespace: 'eks-work', labelSelector: 'batch=x' });
    const left = await core().listNamespacedConfigMap({ namespace: 'eks-work', labelSelector: 'batch' });
    expect(left.items.map((c) => c.metadata!.name)).toEqual(['dc-3']);
  });
});

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED for a namespace', async () => {
    const events: string[] = [];
    const done = new Promise<void>((resolve) => {
      void new Watch(t.config('admin'))
        .watch(
          '/api/v1/namespaces/rbac-test-ns/configmaps',
          {},
          (type, obj) => {
            events.push(`${type} ${obj.metadata.name} ${JSON.stringify(obj.data ?? {})}`);
            if (type === 'DELETED') resolve();
          },
          () => resolve(),
        )
        .then(async (abort) => {
          await core().createNamespacedConfigMap({ namespace: 'rbac-test-ns', body: { metadata: { name: 'w' }, data: { v: '1' } } });
          await core().patchNamespacedConfigMap({ namespace: 'rbac-test-ns', name: 'w', body: [{ op: 'replace', path: '/data/v', value: '2' }] });
          await core().deleteNamespacedConfigMap({ namespace: 'rbac-test-ns', name: 'w' });
          await done;
          abort.abort();
        });
    });
    await done;
    expect(events).toEqual(['ADDED w {"v":"1"}', 'MODIFIED w {"v":"2"}', 'DELETED w {"v":"2"}']);
  });
});

describe('pods/log', () => {
  beforeAll(() => {
    const store = t.sandbox.world.store;
    const running = { running: { startedAt: '2026-01-01T00:00:00Z' } };
    store.create(
      'pods',
      runningPod('two', [
        { name: 'a', state: running },
        { name: 'b', state: running },
      ]),
    );
    store.create('pods', runningPod('crashy', [{ name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, containerID: 'containerd://1' } } }]));
    store.create('pods', runningPod('creating', [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }]));
    store.create('pods', runningPod('fresh', [{ name: 'app', state: running }]));
    const logs = t.sandbox.world.logs;
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    logs.append({ namespace: 'eks-work', pod: 'crashy', container: 'app' }, 'first run', 'stdout', at(1));
    logs.rotate({ namespace: 'eks-work', pod: 'crashy', container: 'app' });
    logs.append({ namespace: 'eks-work', pod: 'two', container: 'a' }, 'Health GET API called.', 'stdout', at(2));
    logs.append({ namespace: 'eks-work', pod: 'two', container: 'a' }, 'WARN slow', 'stdout', at(3));
  });

  const readLog = (name: string, options: Record<string, unknown> = {}) => core().readNamespacedPodLog({ namespace: 'eks-work', name, ...options });

  it('asks for a container name when the pod has several', async () => {
    expect(await statusOf(readLog('two'))).toMatchObject({ code: 400, reason: 'BadRequest', message: 'a container name must be specified for pod two, choose one of: [a b]' });
  });

  it('serves lines with tailLines and timestamps', async () => {
    expect(await readLog('two', { container: 'a' })).toBe('Health GET API called.\nWARN slow\n');
    expect(await readLog('two', { container: 'a', tailLines: 1, timestamps: true })).toBe('2026-01-01T00:00:03Z WARN slow\n');
    expect(await readLog('two', { container: 'a', limitBytes: 6 })).toBe('Health');
  });

  it('serves the previous run and refuses one that does not exist', async () => {
    expect(await readLog('crashy', { previous: true })).toBe('first run\n');
    expect(await statusOf(readLog('fresh', { previous: true }))).toMatchObject({ code: 400, message: 'previous terminated container "app" in pod "fresh" not found' });
  });

  it('serves lines since a time or a number of seconds ago', async () => {
    // The generated client has no sinceTime parameter; kubectl --since-time sends it like this.
    expect(await raw('/api/v1/namespaces/eks-work/pods/two/log?container=a&sinceTime=2026-01-01T00:00:03Z', bearer('admin'))).toEqual({ code: 200, body: 'WARN slow\n' });
    expect(await statusOf(readLog('two', { container: 'a', sinceSeconds: 0 }))).toMatchObject({
      code: 422,
      message: 'PodLogOptions "two" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    });
  });

  it('refuses a container that is waiting to start', async () => {
    expect(await statusOf(readLog('creating'))).toMatchObject({ code: 400, message: 'container "app" in pod "creating" is waiting to start: ContainerCreating' });
  });

  it('follows new lines until the stream is closed', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c) => (text += c));
    const abort = await new Log(t.config('admin')).log('eks-work', 'fresh', 'app', out, { follow: true });
    t.sandbox.world.logs.append({ namespace: 'eks-work', pod: 'fresh', container: 'app' }, 'line 1');
    t.sandbox.world.logs.append({ namespace: 'eks-work', pod: 'fresh', container: 'app' }, 'line 2');
    await expect.poll(() => text, { timeout: 3000 }).toBe('line 1\nline 2\n');
    abort.abort();
  });
});

describe('eviction', () => {
  it('refuses an eviction that would violate the pod disruption budget with 429', async () => {
    const store = t.sandbox.world.store;
    store.create('pods', runningPod('guarded', [{ name: 'app', state: { running: {} } }], { app: 'guarded' }));
    const pdb = store.create('policy/poddisruptionbudgets', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'guard', namespace: 'eks-work' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    store.update('policy/poddisruptionbudgets', { ...pdb, status: { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } });
    const status = await statusOf(core().createNamespacedPodEviction({ namespace: 'eks-work', name: 'guarded', body: { metadata: { name: 'guarded', namespace: 'eks-work' } } }));
    expect(status).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 1 healthy pods and has 1 currently' }] },
    });
  });

  it('evicts a pod the budget allows and counts the disruption', async () => {
    const store = t.sandbox.world.store;
    const pdb = store.get('policy/poddisruptionbudgets', 'eks-work', 'guard')!;
    store.update('policy/poddisruptionbudgets', { ...pdb, status: { ...pdb.status, disruptionsAllowed: 1, currentHealthy: 2, expectedPods: 2 } });
    await core().createNamespacedPodEviction({ namespace: 'eks-work', name: 'guarded', body: { metadata: { name: 'guarded', namespace: 'eks-work' } } });
    expect(store.get('pods', 'eks-work', 'guarded')!.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
    const after = store.get('policy/poddisruptionbudgets', 'eks-work', 'guard')!;
    expect(after.status.disruptionsAllowed).toBe(0);
    expect(after.status.disruptedPods).toEqual({ guarded: '2026-01-01T00:00:00Z' });
  });
});

describe('binding', () => {
  it('assigns a node once and refuses a second binding with 409', async () => {
    await core().createNamespacedPod({ namespace: 'eks-work', body: pod('to-bind') });
    const target = { apiVersion: 'v1', kind: 'Node', name: 'ip-10-0-1-10.ec2.internal' };
    await core().createNamespacedPodBinding({ namespace: 'eks-work', name: 'to-bind', body: { metadata: { name: 'to-bind' }, target } });
    const bound = t.sandbox.world.store.get('pods', 'eks-work', 'to-bind')!;
    expect(bound.spec.nodeName).toBe('ip-10-0-1-10.ec2.internal');
    expect(bound.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }]);
    const again = await statusOf(core().createNamespacedPodBinding({ namespace: 'eks-work', name: 'to-bind', body: { metadata: { name: 'to-bind' }, target } }));
    expect(again).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "to-bind": pod to-bind is already assigned to node "ip-10-0-1-10.ec2.internal"',
    });
  });
});

describe('dry run and unsupported verbs', () => {
  it('validates a dry-run create without storing it', async () => {
    const created = await core().createNamespacedConfigMap({ namespace: 'eks-work', dryRun: 'All', body: { metadata: { name: 'dry' }, data: { a: '1' } } });
    expect(created.metadata!.name).toBe('dry');
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'dry')).toBeUndefined();
  });

  it('answers a verb the resource does not serve with 405', async () => {
    const res = await raw('/apis/metrics.k8s.io/v1beta1/namespaces/eks-work/pods', bearer('admin'), 'POST');
    expect(res.code).toBe(405);
    expect(JSON.parse(res.body)).toMatchObject({ reason: 'MethodNotAllowed', message: 'create is not supported on resources of kind "pods.metrics.k8s.io"' });
  });
});

describe('autoscaling/v1 conversion', () => {
  it('stores an HPA created through autoscaling/v1 as v2 with a CPU utilization metric', async () => {
    await t
      .config('admin')
      .makeApiClient(AutoscalingV1Api)
      .createNamespacedHorizontalPodAutoscaler({
        namespace: 'eks-work',
        body: {
          metadata: { name: 'from-v1' },
          spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'smp' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60 },
        },
      });
    const stored = t.sandbox.world.store.get('autoscaling/horizontalpodautoscalers', 'eks-work', 'from-v1')!;
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
  });

  it('shows a v2 HPA to v1 clients with targetCPUUtilizationPercentage and the alpha annotations', async () => {
    t.sandbox.world.store.create('autoscaling/horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa', namespace: 'eks-work' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'smp' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } },
        ],
      },
      status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 72, averageValue: '360m' } } }] },
    });
    const v1 = await t.config('admin').makeApiClient(AutoscalingV1Api).readNamespacedHorizontalPodAutoscaler({ namespace: 'eks-work', name: 'hpa' });
    expect(v1.spec).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'smp' }, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 50 });
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 72 });
    expect(JSON.parse(v1.metadata!.annotations!['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([{ type: 'Resource', resource: { name: 'memory', targetAverageValue: '200Mi' } }]);
    expect(JSON.parse(v1.metadata!.annotations!['autoscaling.alpha.kubernetes.io/current-metrics'])).toEqual([
      { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 72, currentAverageValue: '360m' } },
    ]);
  });
});

describe('reviews', () => {
  it('answers SelfSubjectAccessReview for the caller', async () => {
    const review = await t
      .config('dev')
      .makeApiClient(AuthorizationV1Api)
      .createSelfSubjectAccessReview({
        body: { spec: { resourceAttributes: { namespace: 'rbac-test-ns', verb: 'list', resource: 'pods' } } },
      });
    expect(review.status!.allowed).toBe(true);
    const denied = await t
      .config('dev')
      .makeApiClient(AuthorizationV1Api)
      .createSelfSubjectAccessReview({
        body: { spec: { resourceAttributes: { namespace: 'eks-work', verb: 'list', resource: 'pods' } } },
      });
    expect(denied.status!.allowed).toBe(false);
  });
});
