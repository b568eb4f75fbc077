/** List, watch and tables through the real clients: @kubernetes/client-node and kubectl against the sandbox API server. */
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, statusOf, type TestSandbox } from '../conformance/harness';
import type { NewObject } from './store';

let t: TestSandbox;
const NS = 'rbac-test-ns';

beforeAll(async () => {
  t = await startTestSandbox();
  for (let i = 0; i < 5; i++) t.sandbox.world.store.create('pods', pod(`lw-${i}`, { app: i % 2 ? 'odd' : 'even' }));
});
afterAll(async () => {
  await t?.close();
});

const core = () => t.config('admin').makeApiClient(CoreV1Api);

function pod(name: string, labels: Record<string, string>): NewObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] }, status: { phase: 'Pending' } };
}

describe('list through client-node', () => {
  it('pages with limit and continue, counting what remains', async () => {
    const first = await core().listNamespacedPod({ namespace: NS, limit: 2 });
    expect(first.items.map((p) => p.metadata!.name)).toEqual(['lw-0', 'lw-1']);
    expect(first.metadata!.remainingItemCount).toBe(3);
    const second = await core().listNamespacedPod({ namespace: NS, limit: 2, _continue: first.metadata!._continue });
    expect(second.items.map((p) => p.metadata!.name)).toEqual(['lw-2', 'lw-3']);
    expect(second.metadata!.resourceVersion).toBe(first.metadata!.resourceVersion);
  });

  it('filters by label selector and rejects a malformed one with 400', async () => {
    const odd = await core().listNamespacedPod({ namespace: NS, labelSelector: 'app notin (even)' });
    expect(odd.items.map((p) => p.metadata!.name)).toEqual(['lw-1', 'lw-3']);
    expect(await statusOf(core().listNamespacedPod({ namespace: NS, labelSelector: 'app=(odd' }))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: "unable to parse requirement: found '(', expected: identifier",
    });
  });
});

describe('watch through client-node', () => {
  it('sees a pod leave and re-enter a label selector as DELETED and ADDED', async () => {
    const events: string[] = [];
    const store = t.sandbox.world.store;
    const abort = await new Watch(t.config('admin')).watch(
      `/api/v1/namespaces/${NS}/pods`,
      { labelSelector: 'app=odd', resourceVersion: String(store.resourceVersion) },
      (type, obj) => events.push(`${type} ${obj.metadata.name} ${obj.metadata.labels.app}`),
      () => {},
    );
    store.mutate('pods', NS, 'lw-1', (p) => void (p.metadata.labels = { app: 'even' }));
    store.mutate('pods', NS, 'lw-1', (p) => void (p.metadata.labels = { app: 'odd' }));
    store.mutate('pods', NS, 'lw-3', (p) => void (p.status.phase = 'Running'));
    await expect.poll(() => events, { timeout: 3000 }).toEqual(['DELETED lw-1 odd', 'ADDED lw-1 odd', 'MODIFIED lw-3 odd']);
    abort.abort();
  });
});

describe('kubectl get', () => {
  it('prints the pod table and pages with --chunk-size', async () => {
    const out = await t.kubectl('admin', ['get', 'pods', '-n', NS, '--chunk-size=2', '-l', 'app=even']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      ['lw-0', '0/1', 'Pending', '0'],
      ['lw-2', '0/1', 'Pending', '0'],
      ['lw-4', '0/1', 'Pending', '0'],
    ]);
  });

  it('shows the API server message for an unsupported field selector', async () => {
    const out = await t.kubectl('admin', ['get', 'pods', '-n', NS, '--field-selector', 'spec.foo=1']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('field label not supported: spec.foo');
  });
});
