/**
 * The sandbox driven by the official Kubernetes Python client (kubernetes on
 * PyPI, Debian's python3-kubernetes) through the kubeconfig the sandbox
 * writes: one sandbox with the default scenario for the file, and a Python
 * script of a few lines per case that prints JSON for the test to read.
 */
import { execFile, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { SANDBOX_START_TIMEOUT_MS, startTestSandbox, type TestSandbox, type UserName } from './harness';
import { KNOWN_IMAGES } from '../world/images';

const python = clients.pythonKubernetes();
/** The watch window of this file's sandbox, in seconds: short, so one clock step passes it. */
const WATCH_WINDOW_SECONDS = 60;

/** Every script starts logged in as the user of its kubeconfig context; argv[3:] are its own arguments. */
const PRELUDE = `import json, sys
from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
config.load_kube_config(config_file=sys.argv[1], context=sys.argv[2])
v1 = client.CoreV1Api()
`;

let t: TestSandbox;

function run(user: UserName, script: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Async: the sandbox answers from this process, so a synchronous child would wait on it forever.
    execFile(python.command!, ['-c', PRELUDE + script, t.kubeconfigPath, `sandbox-${user}`, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The JSON a script printed on its last line, failing with its stderr when it raised. */
async function printed(user: UserName, script: string, args: string[] = []): Promise<unknown> {
  const r = await run(user, script, args);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!);
}

/** A scenario-independent pod the watch test writes to mark the start and end of its window. */
function marker(name: string) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'eks-work', labels: { marker: 'python' } }, spec: { containers: [{ name: 'app', image: KNOWN_IMAGES.busybox }] } };
}

describe.skipIf(!python.command)(needing(python, 'the Kubernetes Python client against the sandbox'), () => {
  beforeAll(async () => {
    t = await startTestSandbox({ scenario: 'default', watchWindowSeconds: WATCH_WINDOW_SECONDS });
    // One second of the world's clock: every controller has made its pods.
    t.sandbox.world.advance(1_000);
  }, SANDBOX_START_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });

  it("lists the default scenario's pods in eks-work by name", async () => {
    const names = await printed('admin', `print(json.dumps([p.metadata.name for p in v1.list_namespaced_pod('eks-work').items]))`);
    // scenario.ts's eks-work workloads: each Deployment's pod is <deployment>-<pod-template-hash>-<generateName suffix>,
    // the suffix drawn from the world's random with the default seed (1); the StatefulSet's postgres-0; pingpong's
    // three (parallelism 3); the manual report job's one. Names sort as the API server lists them (by key).
    expect(names).toEqual([
      'backend-app-854b86b8f8-csn4k',
      'backend-app-854b86b8f8-d99b6',
      'backend-app-canary-74ddc64f74-fnvsn',
      'batch-analytics-668fc49f-scgvj',
      'dedicated-worker-5cdb466686-gwvbc',
      'frontend-web-6957dc494f-zfk9v',
      'pingpong-hwwbl',
      'pingpong-p6wmm',
      'pingpong-vb7st',
      'postgres-0',
      'report-generator-manual-8xk2q-js24c',
    ]);
  });

  it('reads a Deployment as the typed V1Deployment model', async () => {
    const deployment = await printed(
      'admin',
      `d = client.AppsV1Api().read_namespaced_deployment('backend-app', 'eks-work')
c = d.spec.template.spec.containers[0]
print(json.dumps([type(d).__name__, d.spec.replicas, d.spec.selector.match_labels, c.name, c.image, c.readiness_probe.http_get.path, c.resources.requests]))`,
    );
    // scenario.ts: backend-app, 2 replicas of the stable track, backendAppContainer's image, probe and requests.
    expect(deployment).toEqual(['V1Deployment', 2, { app: 'backend-app', track: 'stable' }, 'backend-app', KNOWN_IMAGES.backendApp, '/health', { cpu: '250m', memory: '256Mi' }]);
  });

  it('reads an autoscaling/v2 HorizontalPodAutoscaler as JSON, not a Table, into its typed model', async () => {
    // The HPA controller sets the status conditions the model requires on its first sync (every 15 s).
    t.sandbox.world.advance(15_000);
    // Clients since 23.x have AutoscalingV2Api; Debian's 22.6 reads autoscaling/v2 with the identical v2beta2 model.
    const hpa = await printed(
      'admin',
      `if hasattr(client, 'AutoscalingV2Api'):
    h = client.AutoscalingV2Api().read_namespaced_horizontal_pod_autoscaler('backend-app', 'eks-work')
else:
    h = client.ApiClient().call_api('/apis/autoscaling/v2/namespaces/eks-work/horizontalpodautoscalers/backend-app', 'GET', header_params={'Accept': 'application/json'}, response_type='V2beta2HorizontalPodAutoscaler', auth_settings=['BearerToken'], _return_http_data_only=True)
m = h.spec.metrics[0]
print(json.dumps([h.api_version, h.kind, h.spec.scale_target_ref.name, h.spec.min_replicas, h.spec.max_replicas, m.type, m.resource.name, m.resource.target.average_utilization, [[c.type, c.status, c.reason] for c in h.status.conditions]]))`,
    );
    // scenario.ts: backend-app's HPA, 2 to 10 replicas at 50% CPU. Its pods are not ready 16 s in (image pull and
    // readiness delay), so horizontal.go's first sync reads the scale and fails the metric: ScalingActive False.
    expect(hpa).toEqual([
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'backend-app',
      2,
      10,
      'Resource',
      'cpu',
      50,
      [
        ['AbleToScale', 'True', 'SucceededGetScale'],
        ['ScalingActive', 'False', 'FailedGetResourceMetric'],
      ],
    ]);
  });

  it('refuses a ConfigMap with a number in data with 400 and the API server decoding message', async () => {
    const refused = await printed(
      'admin',
      `try:
    v1.create_namespaced_config_map('eks-work', {'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': 'python-typed'}, 'data': {'a': 1}})
    print(json.dumps('created'))
except ApiException as e:
    print(json.dumps([e.status, json.loads(e.body)]))`,
    );
    // create.go's NewBadRequest around encoding/json's type error, as kube-apiserver answers (kubernetes.core#682).
    expect(refused).toEqual([
      400,
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
        reason: 'BadRequest',
        code: 400,
      },
    ]);
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'python-typed')).toBeUndefined();
  });

  it('gives dev 403 with the Forbidden message for secrets in rbac-test-ns, where view does not reach', async () => {
    const denied = await printed(
      'dev',
      `try:
    v1.list_namespaced_secret('rbac-test-ns')
    print(json.dumps('listed'))
except ApiException as e:
    b = json.loads(e.body)
    print(json.dumps([e.status, b['reason'], b['message'], b['details']]))`,
    );
    // RBAC's authorizer wording (apiserver endpoints/handlers/responsewriters/errors.go forbiddenMessage).
    expect(denied).toEqual([403, 'Forbidden', 'secrets is forbidden: User "dev" cannot list resource "secrets" in API group "" in the namespace "rbac-test-ns"', { kind: 'secrets' }]);
  });

  it('sees every pod change in eks-work in increasing resourceVersion order while the world runs', async () => {
    const { world } = t.sandbox;
    const script = `w = watch.Watch()
rv = v1.list_namespaced_pod('eks-work').metadata.resource_version
print(json.dumps(rv), flush=True)
for e in w.stream(v1.list_namespaced_pod, 'eks-work', resource_version=rv, timeout_seconds=60):
    o = e['object']
    print(json.dumps([e['type'], o.metadata.name, o.metadata.resource_version]), flush=True)
    if o.metadata.name == 'python-end':
        w.stop()`;
    const child = spawn(python.command!, ['-c', PRELUDE + script, t.kubeconfigPath, 'sandbox-admin']);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines = () => out.split('\n').slice(0, -1);
    try {
      await expect.poll(() => lines().length, { timeout: 20_000 }).toBeGreaterThan(0);
      const listed = Number(JSON.parse(lines()[0]));
      // From the moment Python prints the start marker its watch is open: what follows arrives live.
      world.store.create('pods', marker('python-start'));
      await expect.poll(() => out.includes('"python-start"'), { timeout: 20_000 }).toBe(true);
      // Half a minute of the world in steps: pods scheduled, started, probed, restarted, jobs finishing.
      for (let i = 0; i < 10; i++) {
        world.advance(3_000);
        await new Promise((resolve) => setImmediate(resolve));
      }
      world.store.create('pods', marker('python-end'));
      expect(await exited).toBe(0);
      expect(err).toBe('');
      const events = lines()
        .slice(1)
        .map((l) => JSON.parse(l) as [string, string, string]);
      // What the watch must deliver: every change to a pod in eks-work after the list, in the store's order.
      const expected = world.store
        .changesSince(listed)
        .filter((e) => e.resource === 'pods' && e.object.metadata.namespace === 'eks-work')
        .map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion]);
      expect(events).toEqual(expected);
      const rvs = events.map((e) => Number(e[2]));
      expect(rvs.every((rv, i) => i === 0 || rv > rvs[i - 1])).toBe(true);
      // The world did change pods between the markers (the CronJob's minute, probes, the canary's crash loop).
      expect(events.length).toBeGreaterThan(10);
    } finally {
      child.kill();
      for (const name of ['python-start', 'python-end']) if (world.store.get('pods', 'eks-work', name)) world.store.delete('pods', 'eks-work', name);
    }
  });

  it('watching from a resourceVersion older than the watch window raises ApiException 410 with the API server message', async () => {
    const { world } = t.sandbox;
    const old = world.store.resourceVersion;
    world.advance((WATCH_WINDOW_SECONDS + 1) * 1_000);
    const oldest = world.store.oldestWatchableResourceVersion;
    expect(oldest).toBeGreaterThan(old);
    // The client resumes once after a 410 and raises on the second (watch.py's retry_after_410).
    const expired = await printed(
      'admin',
      `try:
    for e in watch.Watch().stream(v1.list_namespaced_pod, 'eks-work', resource_version=sys.argv[3]):
        print(json.dumps(e['type']))
except ApiException as e:
    print(json.dumps([e.status, e.reason]))`,
      [String(old)],
    );
    // watch_cache.go: "too old resource version: %d (%d)", the second the oldest kept change's resourceVersion - 1.
    expect(expired).toEqual([410, `Expired: too old resource version: ${old} (${oldest})`]);
  });
});
