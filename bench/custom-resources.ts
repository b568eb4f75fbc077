/**
 * A list of custom resources beside the same list of pods, in one run: a sandbox of 10,000 pods (scenario
 * "empty" at scale) given cert-manager's Certificate CRD (as the default scenario carries it) and 10,000
 * Certificates spread over the same namespaces. For each kind, in all namespaces:
 *   - the any-resource list page in headless chromium (/c/{cluster}/r/{group}/{version}/{resource}):
 *     first rows drawn and every row loaded, timed in the page from navigation start;
 *   - the console's list stream alone (what that page reads: NDJSON Table pages, 500 then 5,000 rows),
 *     first rows and all rows;
 *   - a raw paged read of the API server (JSON lists, limit=500 and continue, as admin), from this process;
 *   - `kubectl get <kind> -A --chunk-size=500 -o json`, spawn to exit.
 * Everything takes turns, RUNS times each after one warm-up each, pods and Certificates alternating;
 * every sample is printed, with the machine's load average before and after.
 *
 *   npx tsx bench/custom-resources.ts [count=10000]
 */
import https from 'node:https';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { rfc3339 } from '../sandbox/kube/store';
import { establishedStatus } from '../sandbox/world/controllers/crd';
import { certificateCrd, issuingCertificate } from '../sandbox/world/crds';
import { startBenchConsole, type BenchConsole } from './pods-page';
import { readNdjsonLines } from './ndjson-lines';
import { samplesLine, timedProcessAsync } from './timed-process';

const COUNT = Number(process.argv[2] ?? 10_000);
const CLUSTER = 'eks-work-cluster';
const RUNS = 3;

interface Kind {
  label: string;
  group: string;
  version: string;
  resource: string;
  /** The kube-apiserver path of the list in all namespaces. */
  apiPath: string;
  kubectlName: string;
}

const KINDS: Kind[] = [
  { label: 'pods', group: 'core', version: 'v1', resource: 'pods', apiPath: '/api/v1/pods', kubectlName: 'pods' },
  { label: 'Certificates (CRD)', group: 'cert-manager.io', version: 'v1', resource: 'certificates', apiPath: '/apis/cert-manager.io/v1/certificates', kubectlName: 'certificates.cert-manager.io' },
];

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The CRD established, then COUNT Certificates over the scale namespaces, shaped as the default scenario's (Ready False while issuing). */
function addCertificates({ sandbox }: BenchConsole): void {
  const store = sandbox.world.store;
  const crd = store.create('apiextensions.k8s.io/customresourcedefinitions', certificateCrd());
  store.update('apiextensions.k8s.io/customresourcedefinitions', { ...crd, status: establishedStatus(crd, sandbox.world.now()) });
  const namespaces = store
    .list('namespaces')
    .map((n) => n.metadata.name)
    .filter((n) => n.startsWith('scale-'));
  const at = rfc3339(sandbox.world.now());
  for (let i = 0; i < COUNT; i++) {
    const namespace = namespaces[i % namespaces.length];
    store.create('cert-manager.io/certificates', issuingCertificate(`cert-${String(i).padStart(5, '0')}`, namespace, `app-${i % 20}`, at));
  }
}

/** Every row through the console's list stream, read line by line as the page reads it: when the first rows came, and the last. */
async function stream(base: string, cookie: string, k: Kind): Promise<{ count: number; firstRows: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/api/v1/clusters/${CLUSTER}/resources/${k.group}/${k.version}/${k.resource}`, { headers: { cookie, accept: 'application/x-ndjson' } });
  if (!response.ok || !response.body) throw new Error(`the ${k.resource} stream answered ${response.status}: ${await response.text()}`);
  let count = 0;
  let firstRows = 0;
  await readNdjsonLines<{ rows?: unknown[]; error?: { message: string } }>(response.body, (line) => {
    if (line.error) throw new Error(`the ${k.resource} stream failed: ${line.error.message}`);
    count += line.rows?.length ?? 0;
    if (!firstRows && count > 0) firstRows = performance.now() - started;
  });
  return { count, firstRows, ms: performance.now() - started };
}

/** GET of one API server path as admin over the sandbox's TLS, the body parsed. */
function getJson(sandbox: BenchConsole['sandbox'], agent: https.Agent, pathAndQuery: string, token: string): Promise<{ items: unknown[]; metadata: { continue?: string } }> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathAndQuery, sandbox.url);
    const request = https.get(url, { agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) reject(new Error(`${pathAndQuery} answered ${response.statusCode}: ${body}`));
        else resolve(JSON.parse(body));
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** The list straight from the API server, 500 at a time as kubectl pages it, parsed; from this process, over one kept-alive connection. */
async function rawPaged(sandbox: BenchConsole['sandbox'], k: Kind): Promise<{ count: number; firstRows: number; ms: number }> {
  const token = sandbox.users.find((u) => u.username === 'admin')!.token;
  const agent = new https.Agent({ ca: sandbox.caData, keepAlive: true });
  const started = performance.now();
  let count = 0;
  let firstRows = 0;
  let next = '';
  try {
    do {
      const query = new URLSearchParams({ limit: '500', ...(next ? { continue: next } : {}) });
      const page = await getJson(sandbox, agent, `${k.apiPath}?${query}`, token);
      count += page.items.length;
      if (!firstRows) firstRows = performance.now() - started;
      next = page.metadata.continue ?? '';
    } while (next);
  } finally {
    agent.destroy();
  }
  return { count, firstRows, ms: performance.now() - started };
}

/** kubectl in a process, timed spawn to exit, its JSON counted by a jq-less node one-liner in the same pipe (equal for both kinds). */
async function kubectlJson(kubeconfig: string, k: Kind): Promise<{ count: number; ms: number; cpuMs: number }> {
  const run = await timedProcessAsync(
    'kubectl --kubeconfig "$1" --context sandbox-admin get "$2" -A --chunk-size=500 -o json | "$3" -e \'let t="";process.stdin.on("data",d=>t+=d).on("end",()=>console.log(JSON.parse(t).items.length))\'',
    [kubeconfig, k.kubectlName, process.execPath],
  );
  return { ...run, count: Number(run.stdout.trim()) };
}

/** One navigation to the kind's list page in every namespace, timed in the page from navigation start. */
async function pageLoad(page: Page, k: Kind): Promise<{ count: number; firstRows: number; ms: number }> {
  await page.goto(`/c/${CLUSTER}/r/${k.group}/${k.version}/${k.resource}?namespace=default&allNamespaces=true`);
  const marks = await page.waitForFunction(
    () => (window as unknown as { listMarks: { allRows?: number } }).listMarks.allRows !== undefined && (window as unknown as { listMarks: object }).listMarks,
    undefined,
    {
      timeout: 300_000,
    },
  );
  const m = (await marks.jsonValue()) as { firstRows: number; allRows: number; count: number };
  return { count: m.count, firstRows: m.firstRows, ms: m.allRows };
}

async function measure(bench: BenchConsole): Promise<void> {
  const { sandbox, base, cookie, page } = bench;
  const kubeconfig = sandbox.files!.kubeconfig;
  // Timed in the page: the first data row drawn in the kind's table, and the count once it no longer says loading.
  // A string, not a function: the bench's own transform would name inner functions with a helper the page lacks.
  await page.addInitScript(`
    const marks = {};
    window.listMarks = marks;
    const check = () => {
      if (marks.firstRows === undefined && document.querySelector('main table tbody tr[aria-rowindex]')) marks.firstRows = performance.now();
      const count = document.querySelector('[data-testid="row-count"]')?.textContent ?? '';
      const done = /^(\\d+) objects?$/.exec(count);
      if (marks.firstRows !== undefined && done) { marks.count = Number(done[1]); marks.allRows = performance.now(); }
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  `);
  const samples = new Map<
    string,
    { page: Awaited<ReturnType<typeof pageLoad>>[]; stream: Awaited<ReturnType<typeof stream>>[]; raw: Awaited<ReturnType<typeof rawPaged>>[]; kubectl: Awaited<ReturnType<typeof kubectlJson>>[] }
  >();
  // One warm-up of each, per kind: the sandbox builds its list snapshots, the console compiles its routes and reads discovery.
  for (const k of KINDS) {
    samples.set(k.label, { page: [], stream: [], raw: [], kubectl: [] });
    await stream(base, cookie, k);
    await pageLoad(page, k);
    await rawPaged(sandbox, k);
    await kubectlJson(kubeconfig, k);
  }
  const loadBefore = load();
  for (let run = 0; run < RUNS; run++) {
    for (const k of KINDS) {
      const into = samples.get(k.label)!;
      into.stream.push(await stream(base, cookie, k));
      into.page.push(await pageLoad(page, k));
      into.raw.push(await rawPaged(sandbox, k));
      into.kubectl.push(await kubectlJson(kubeconfig, k));
    }
  }
  const loadAfter = load();
  const list = (values: number[]) => values.map(s).join(', ');
  const best = (values: number[]) => Math.min(...values);
  const lines = [`load average (1, 5, 15 min) before the timed runs: ${loadBefore}; after: ${loadAfter}; ${RUNS} timed runs after one warm-up each, taking turns`];
  for (const k of KINDS) {
    const x = samples.get(k.label)!;
    lines.push(
      `\n${k.label}: counted by the page ${x.page.map((r) => r.count).join(', ')}; the stream ${x.stream.map((r) => r.count).join(', ')}; the raw API ${x.raw.map((r) => r.count).join(', ')}; kubectl ${x.kubectl.map((r) => r.count).join(', ')}`,
      `  page, first rows drawn after navigation start: ${list(x.page.map((r) => r.firstRows))}; best ${s(best(x.page.map((r) => r.firstRows)))}`,
      `  page, all rows loaded: ${list(x.page.map((r) => r.ms))}; best ${s(best(x.page.map((r) => r.ms)))}`,
      `  console list stream, first rows: ${list(x.stream.map((r) => r.firstRows))}; all rows: ${list(x.stream.map((r) => r.ms))}; best ${s(best(x.stream.map((r) => r.ms)))}`,
      `  raw API server read (limit=500, in-process), first page: ${list(x.raw.map((r) => r.firstRows))}; all pages: ${list(x.raw.map((r) => r.ms))}; best ${s(best(x.raw.map((r) => r.ms)))}`,
      `  ${samplesLine(`kubectl get ${k.kubectlName} -A --chunk-size=500 -o json, spawn to exit`, x.kubectl)}`,
    );
  }
  const [pods, certs] = KINDS.map((k) => samples.get(k.label)!);
  const ratio = (a: number[], b: number[]) => (best(a) / best(b)).toFixed(2);
  lines.push(
    `\nCertificates / pods, best against best: page all rows ${ratio(
      certs.page.map((r) => r.ms),
      pods.page.map((r) => r.ms),
    )}; page first rows ${ratio(
      certs.page.map((r) => r.firstRows),
      pods.page.map((r) => r.firstRows),
    )}; stream ${ratio(
      certs.stream.map((r) => r.ms),
      pods.stream.map((r) => r.ms),
    )}; raw API ${ratio(
      certs.raw.map((r) => r.ms),
      pods.raw.map((r) => r.ms),
    )}; kubectl ${ratio(
      certs.kubectl.map((r) => r.ms),
      pods.kubectl.map((r) => r.ms),
    )}`,
  );
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  // Nodes enough for the pods at the upstream limit of 110 a node, with room to spare.
  const bench = await startBenchConsole({ pods: COUNT, nodes: Math.max(1, Math.ceil(COUNT / 50)) });
  try {
    const started = performance.now();
    addCertificates(bench);
    console.log(`${COUNT} Certificates created in ${s(performance.now() - started)}; load average ${load()}`);
    await measure(bench);
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
