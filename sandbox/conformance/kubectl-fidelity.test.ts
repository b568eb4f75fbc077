/**
 * Differences from kube-apiserver that real clients found, checked through
 * kubectl: watch delivery order, the watch window's 410 Expired, typed
 * decoding of bodies and label selector parsing.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { KUBECTL, SANDBOX_START_TIMEOUT_MS, startTestSandbox, type TestSandbox } from './harness';
import { DEFAULT_WATCH_WINDOW_MS, type NewObject } from '../kube/store';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
}, SANDBOX_START_TIMEOUT_MS);
afterAll(async () => {
  await t?.close();
});

function pod(name: string, labels: Record<string, string>): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'eks-work', labels },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
    status: { phase: 'Pending' },
  };
}

type WatchLine = { type: string; object: { metadata: { name: string; resourceVersion: string } } };

/** The events of a watch as kubectl prints them with --output-watch-events -o json (and as --raw relays them): one JSON object a line. */
function watchLines(text: string): WatchLine[] {
  // The text after the last newline is a line still arriving.
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as WatchLine);
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'watch through kubectl'), () => {
  it('kubectl get -w sees every change in strictly increasing resourceVersion order while controllers react to concurrent writers', async () => {
    const store = t.sandbox.world.store;
    // A controller that writes inside its listener, before any watcher hears of the change it reacts to.
    const stop = store.subscribe((e) => {
      if (e.resource === 'pods' && e.type === 'ADDED' && e.object.metadata.labels?.order === 'test') {
        store.mutate('pods', 'eks-work', e.object.metadata.name, (p) => void (p.metadata.annotations = { reacted: 'true' }));
      }
    });
    const child = spawn(KUBECTL, [
      '--kubeconfig',
      t.kubeconfigPath,
      '--context',
      'sandbox-admin',
      'get',
      'pods',
      '-n',
      'eks-work',
      '-l',
      'order=test',
      '-w',
      '--watch-only',
      '--output-watch-events',
      '-o',
      'json',
    ]);
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    try {
      const writer = async (w: number) => {
        for (let i = 0; i < 10; i++) {
          store.create('pods', pod(`order-${w}-${i}`, { order: 'test' }));
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (i % 2 === 0) store.delete('pods', 'eks-work', `order-${w}-${i}`);
        }
      };
      // Touch a sentinel until kubectl prints it: from then on its watch is open and every change is a watch event.
      store.create('pods', pod('order-sentinel', { order: 'test' }));
      await expect
        .poll(
          () => {
            store.mutate('pods', 'eks-work', 'order-sentinel', (p) => void (p.metadata.labels = { ...p.metadata.labels, touched: String(Date.now()) }));
            return out.length > 0;
          },
          { timeout: 10_000, interval: 200 },
        )
        .toBe(true);
      await Promise.all([0, 1, 2, 3].map(writer));
      const last = String(store.resourceVersion);
      await expect.poll(() => watchLines(out).at(-1)?.object.metadata.resourceVersion, { timeout: 10_000 }).toBe(last);
    } finally {
      child.kill();
      stop();
      for (const p of [...store.each('pods', 'eks-work')]) if (p.metadata.labels?.order === 'test') store.delete('pods', 'eks-work', p.metadata.name);
    }
    const events = watchLines(out);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs.every((rv, i) => i === 0 || rv > rvs[i - 1])).toBe(true);
    const changes = events.filter((e) => e.object.metadata.name !== 'order-sentinel');
    // 4 writers x (10 creates + 10 reactions + 5 deletes), each create followed by its reaction.
    expect(changes).toHaveLength(100);
    expect(changes.slice(0, 2).map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'order-0-0'],
      ['MODIFIED', 'order-0-0'],
    ]);
    // Every pod's reaction arrives right after the pod itself, never before it.
    const reactions = changes.flatMap((e, i) => (e.type === 'ADDED' ? [[changes[i + 1]?.type, changes[i + 1]?.object.metadata.name === e.object.metadata.name]] : []));
    expect(reactions).toEqual(Array.from({ length: 40 }, () => ['MODIFIED', true]));
  }, 30_000);

  it('a watch from before the watch window gets the API server 410 Expired as an ERROR event', async () => {
    const { world } = t.sandbox;
    const configMap = (name: string): NewObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'eks-work', labels: { window: 'test' } }, data: { a: '1' } });
    const before = world.store.create('configmaps', configMap('window-old')).metadata.resourceVersion;
    // Nothing in the empty cluster writes while the clock moves (the pods above are gone), so only the next change is within the window.
    world.advance(DEFAULT_WATCH_WINDOW_MS + 1_000);
    const kept = Number(world.store.create('configmaps', configMap('window-new')).metadata.resourceVersion);
    expect(world.store.resourceVersion).toBe(kept);
    const path = '/api/v1/namespaces/eks-work/configmaps?watch=1&labelSelector=window%3Dtest';
    const r = await t.kubectl('admin', ['get', '--raw', `${path}&resourceVersion=${before}`]);
    // watch_cache.go: "too old resource version: %d (%d)" with the oldest kept change's resourceVersion - 1.
    expect([r.code, watchLines(r.stdout), r.stderr]).toEqual([
      0,
      [{ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${before} (${kept - 1})`, reason: 'Expired', code: 410 } }],
      '',
    ]);
    // A list of exactly that resourceVersion is refused at once, as etcd refuses a compacted revision.
    const list = await t.kubectl('admin', ['get', '--raw', `/api/v1/namespaces/eks-work/configmaps?resourceVersion=${before}&resourceVersionMatch=Exact`]);
    expect([list.code, list.stdout, list.stderr]).toEqual([1, '', 'Error from server (Expired): The resourceVersion for the provided list is too old.\n']);
    // From the oldest resumable version the watch replays what is kept.
    const resumed = await t.kubectl('admin', ['get', '--raw', `${path}&resourceVersion=${kept - 1}&timeoutSeconds=1`]);
    expect(watchLines(resumed.stdout).map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'window-new']]);
  }, 30_000);
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'lists through kubectl'), () => {
  // kubernetes/kubernetes#3030: a built-in kind's list items are written without apiVersion and kind; kubectl's
  // printers put them back (cli-runtime typesetter.go), so only --raw shows the wire.
  it("writes a built-in kind's list items without their own apiVersion and kind, which kubectl get -o json puts back", async () => {
    t.sandbox.world.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typemeta', namespace: 'eks-work', labels: { list: 'typemeta' } }, data: { a: '1' } });
    const raw = await t.kubectl('admin', ['get', '--raw', '/api/v1/namespaces/eks-work/configmaps?labelSelector=list%3Dtypemeta']);
    const list = JSON.parse(raw.stdout) as { kind: string; apiVersion: string; items: Record<string, unknown>[] };
    expect([list.kind, list.apiVersion, list.items.map((i) => Object.keys(i))]).toEqual(['ConfigMapList', 'v1', [['metadata', 'data']]]);
    const printed = await t.kubectl('admin', ['get', 'configmaps', '-n', 'eks-work', '-l', 'list=typemeta', '-o', 'json']);
    const shown = JSON.parse(printed.stdout) as { items: { apiVersion: string; kind: string; metadata: { name: string } }[] };
    expect(shown.items.map((i) => [i.apiVersion, i.kind, i.metadata.name])).toEqual([['v1', 'ConfigMap', 'typemeta']]);
  });
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'label selectors through kubectl'), () => {
  // apimachinery pkg/labels/selector.go parseIdentifiersList consumes the second comma of ",,", so ')' then meets it where a value belongs.
  it('refuses x in (a,,) and x in (,,) with the parser error, and accepts x in (a,,,)', async () => {
    for (const selector of ['x in (a,,)', 'x in (,,)']) {
      const r = await t.kubectl('admin', ['get', 'pods', '-n', 'eks-work', '-l', selector]);
      // kubectl's resource builder prefixes the API server's 400 message with what it was listing.
      expect([r.code, r.stderr]).toEqual([
        1,
        `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "${selector}", field selector "": unable to parse requirement: found ')', expected: ',', or identifier\n`,
      ]);
    }
    const ok = await t.kubectl('admin', ['get', 'pods', '-n', 'eks-work', '-l', 'x in (a,,,)']);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '', 'No resources found in eks-work namespace.\n']);
  });
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'typed decoding through kubectl'), () => {
  it('kubectl create -f of a ConfigMap with a number value prints the API server decoding error', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typed-bad\n  namespace: eks-work\ndata:\n  a: 1\n';
    const r = await t.kubectl('admin', ['create', '-f', '-'], { input: manifest });
    // As kube-apiserver answers (kubernetes.core#682, dify-helm#44), with kubectl's "error when creating" prefix.
    expect([r.code, r.stdout, r.stderr]).toEqual([
      1,
      '',
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n',
    ]);
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'typed-bad')).toBeUndefined();
  });

  it('kubectl apply of a Deployment with replicas as a string is refused the same way', async () => {
    const manifest =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: typed-web\n  namespace: eks-work\nspec:\n  replicas: "two"\n  selector:\n    matchLabels: {app: typed-web}\n  template:\n    metadata:\n      labels: {app: typed-web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n';
    const r = await t.kubectl('admin', ['apply', '-f', '-'], { input: manifest });
    expect([r.code, r.stderr]).toEqual([
      1,
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n',
    ]);
  });

  it('kubectl apply of a manifest with empty maps stores none of them, and kubectl diff then exits 0 with no output', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typed-empty\n  namespace: eks-work\n  labels: {}\n  annotations: {}\ndata: {}\nbinaryData: {}\n';
    const applied = await t.kubectl('admin', ['apply', '-f', '-'], { input: manifest });
    expect([applied.code, applied.stdout, applied.stderr]).toEqual([0, 'configmap/typed-empty created\n', '']);
    const stored = t.sandbox.world.store.get('configmaps', 'eks-work', 'typed-empty')!;
    // The typed round trip keeps no empty map: labels, data and binaryData are gone (annotations carry last-applied-configuration).
    expect(['labels' in stored.metadata, 'data' in stored, 'binaryData' in stored, Object.keys(stored.metadata.annotations ?? {})]).toEqual([
      false,
      false,
      false,
      ['kubectl.kubernetes.io/last-applied-configuration'],
    ]);
    const diff = await t.kubectl('admin', ['diff', '-f', '-'], { input: manifest });
    expect([diff.code, diff.stdout, diff.stderr]).toEqual([0, '', '']);
  });

  it('kubectl patch with a wrongly typed value gets the patcher 422 for merge and strategic patches', async () => {
    const store = t.sandbox.world.store;
    store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typed-patch', namespace: 'eks-work' }, data: { a: 'x' } });
    const merge = await t.kubectl('admin', ['patch', 'configmap', 'typed-patch', '-n', 'eks-work', '--type', 'merge', '-p', '{"data":{"a":1}}']);
    const patched = store.get('configmaps', 'eks-work', 'typed-patch')!;
    // jsonPatcher: field.Invalid("patch", <patched JSON>, <decode error>) in errors.NewInvalid with an empty GroupKind.
    const json = JSON.stringify({
      apiVersion: 'v1',
      data: { a: 1 },
      kind: 'ConfigMap',
      metadata: { creationTimestamp: patched.metadata.creationTimestamp, name: 'typed-patch', namespace: 'eks-work', resourceVersion: patched.metadata.resourceVersion, uid: patched.metadata.uid },
    });
    expect([merge.code, merge.stderr]).toEqual([
      1,
      `The request is invalid: patch: Invalid value: ${JSON.stringify(json)}: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n`,
    ]);
    const strategic = await t.kubectl('admin', ['patch', 'configmap', 'typed-patch', '-n', 'eks-work', '-p', '{"data":{"a":1}}']);
    expect([strategic.code, strategic.stderr]).toEqual([1, 'The request is invalid: patch: Invalid value: "map[data:map[a:1]]": cannot convert int64 to string\n']);
    expect(store.get('configmaps', 'eks-work', 'typed-patch')!.data).toEqual({ a: 'x' });
  });
});
