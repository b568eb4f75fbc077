/**
 * How long the sandbox takes to list 150,000 pods in pages of 500 through
 * listObjects (what GET /api/v1/pods?limit=500&continue=... runs), while the
 * store keeps changing. Run: npx tsx bench/list-pages.ts [pods]
 */
import { listObjects } from '../sandbox/kube/list';
import { findResourceType } from '../sandbox/kube/resources';
import { Store } from '../sandbox/kube/store';

const total = Number(process.argv[2] ?? 150_000);
const pods = findResourceType('', 'pods')!;
const store = new Store();
for (let i = 0; i < total; i++) {
  store.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i.toString().padStart(6, '0')}`, namespace: `ns-${i % 50}`, labels: { app: `app-${i % 10}` } },
    spec: { nodeName: `node-${i % 5000}`, containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Running' },
  });
}

function listAll(labelSelector?: string): { items: number; pages: number; ms: number } {
  const started = performance.now();
  let items = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const page = listObjects(store, pods, undefined, { limit: 500, continue: token, labelSelector });
    items += page.items.length;
    pages++;
    token = page.metadata.continue;
    store.mutate('pods', 'ns-1', 'pod-000001', (p) => void (p.status.phase = pages % 2 ? 'Running' : 'Pending'));
  } while (token);
  return { items, pages, ms: performance.now() - started };
}

for (const [label, selector] of [
  ['first list (builds the snapshot)', undefined],
  ['second list (patched snapshot)', undefined],
  ['with labelSelector app=app-3', 'app=app-3'],
] as const) {
  const r = listAll(selector);
  console.log(`${label}: ${r.items} items in ${r.pages} pages, ${r.ms.toFixed(0)} ms (${(r.ms / r.pages).toFixed(2)} ms/page)`);
}
