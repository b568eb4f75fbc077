/**
 * The pods page at scale, in headless chromium, against a sandbox of 150,000 pods on 5,000 nodes
 * (scenario "empty"): time to the first rows after navigation, time until every row is in the page,
 * the same list through the console API alone and through `kubectl get pods -A --chunk-size=500`
 * in the same run, the tab's JS heap, and the name filter's keystroke latency (p95). The page, the
 * stream alone, the paged API from a process of its own and kubectl take turns three times each after
 * one warm-up each; every sample is printed and the ratios compare best with best, page with stream
 * (neither includes a process start) and paged API with kubectl (both timed from spawn to exit).
 * The console runs as `npm start` runs it: a production build (made when stale) on the sandbox's
 * credential-less kubeconfig in token mode.
 *
 * The references for the console's stream are the same list read straight from the API server in
 * pages of 500, as kubectl or a client library pages it: as protobuf, what the console asks for, each
 * page only scanned for its count and continue token; and as JSON, each page parsed. They take turns
 * with the stream, in an order that turns each run.
 * For each stream run the console's own CPU time (/proc/PID/stat: every thread, user and system) is
 * printed per pod, and its peak resident memory during that run (VmHWM, reset before each run
 * through /proc/PID/clear_refs); every figure carries the machine's load when it started.
 *
 *   npx tsx bench/pods-page.ts [pods=150000] [nodes=5000] [--stream-only]
 *
 * `--stream-only` times only the raw read and the console's stream (no browser, no kubectl).
 * With BENCH_CPU_PROF=dir the console runs under `node --cpu-prof` and writes its profile there.
 *
 * Where the console's time went (150,000 pods, BENCH_CPU_PROF over the warm-up and three stream
 * runs, 600,000 pods in all, load 2.6; the profiler put the runs at 22 µs a pod, 20.9 µs of it on
 * the profile): garbage collection 6.2 µs a pod; reading the pods' protobuf 4.8 µs (the message
 * reader 1.8, field values with their strings 1.8, the rest of the reader 1.2) and decoding their
 * strings 0.4; the rows' NDJSON 2.25 µs (JSON.stringify 1.25, its UTF-8 encoding 1.0); the row itself
 * (podRow and kubectl's status) 0.4 µs; receiving, TLS and HTTP the rest. The console asks for
 * protobuf as client-go does and reads only a row's fields of each pod; the same pods as JSON cost
 * JSON.parse alone 10 µs a pod. Pages of 500, kubectl's, are read, turned into rows and dropped while
 * still young; pages of 5,000 had every pod copied into the old generation. Back-pressure is
 * not where the time goes: the console waits on the API server's next page (each request needs
 * the last one's continue token). What the resident memory grows with during a list is garbage V8
 * lets the old generation keep until it has grown fourfold; the server runs with it capped at
 * twice (scripts/standalone.ts SERVER_NODE_FLAGS; WATCHDECK_BENCH_NODE_FLAGS="" runs without).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { sandboxAwsEnv, startSandbox } from '../sandbox/index';
import { chromiumLaunchOptions } from '../scripts/chromium';
import { sandboxConsoleEnv } from '../scripts/console-env';
import { buildIfStale, exited, freePort, root, startConsole, waitUntilReady } from './console-process';
import { FIRST_PAGE, listFromApiServer, listThroughApi, NEXT_PAGES, RAW_PAGE } from './list-pods-api';
import { readNdjsonLines } from './ndjson-lines';
import { load, loadedSamplesLine, samplesLine, timedProcessAsync } from './timed-process';

const args = process.argv.slice(2);
/** Only the console's stream and its reference, the raw read: no browser, no kubectl (for iterating on the stream). */
const STREAM_ONLY = args.includes('--stream-only');
const [PODS, NODES] = [Number(args.filter((a) => !a.startsWith('--'))[0] ?? 150_000), Number(args.filter((a) => !a.startsWith('--'))[1] ?? 5_000)];
const CLUSTER = 'eks-work-cluster';
/** Page loads, and stream runs between them. */
const RUNS = 3;
/** Where the console's CPU profile goes (node --cpu-prof), when set. */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF;

/** Every pod through the console's list stream (GET …/pods/stream), as the page reads it. */
async function streamThroughApi(base: string, cookie: string): Promise<{ count: number; lines: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/api/v1/clusters/${CLUSTER}/pods/stream`, { headers: { cookie } });
  if (!response.ok || !response.body) throw new Error(`the pods stream answered ${response.status}: ${await response.text()}`);
  let count = 0;
  let lines = 0;
  await readNdjsonLines<{ items?: unknown[]; error?: { message: string } }>(response.body, (line) => {
    if (line.error) throw new Error(`the pods stream failed: ${line.error.message}`);
    count += line.items!.length;
    lines += 1;
  });
  return { count, lines, ms: performance.now() - started };
}

/** CPU time a process has used, every thread, user and system (Linux /proc/PID/stat, in 10 ms clock ticks), ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command's name, which may hold spaces; utime and stime are the 14th and 15th of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A stream run with what it cost the console: its CPU time and its peak resident memory during the run. */
async function measuredStream(base: string, cookie: string, pid: number) {
  // Writing 5 to clear_refs resets the peak (VmHWM) to the memory resident now.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const rssBefore = readRss(pid);
  const at = load();
  const cpu = processCpuMs(pid);
  const run = await streamThroughApi(base, cookie);
  const consoleCpuMs = processCpuMs(pid) - cpu;
  return { ...run, load: at, cpuMs: consoleCpuMs, rssBefore, peakRss: readPeakRss(pid) };
}

/** The raw read: every pod straight from the sandbox's API server as admin, in pages of 500, as protobuf (what the console reads) or JSON. */
async function measuredRawRead(sandbox: BenchConsole['sandbox'], encoding: 'json' | 'protobuf') {
  const admin = sandbox.users.find((u) => u.username === 'admin');
  if (!admin) throw new Error('the sandbox has no admin user');
  const at = load();
  const cpu = process.cpuUsage();
  const run = await listFromApiServer(sandbox.url, admin.token, sandbox.caData, encoding);
  const used = process.cpuUsage(cpu);
  // This process serves the sandbox too: its CPU time is the API server's and the reader's together.
  return { ...run, load: at, cpuMs: (used.user + used.system) / 1000 };
}

/** kubectl in a process, timed spawn to exit; asynchronous, as the sandbox answering it runs in this process. */
async function kubectlCount(kubeconfig: string): Promise<{ count: number; ms: number; cpuMs: number }> {
  const run = await timedProcessAsync('kubectl --kubeconfig "$1" --context sandbox-admin get pods -A --chunk-size=500 -o name | wc -l', [kubeconfig]);
  return { ...run, count: Number(run.stdout.trim()) };
}

/** The console's paged API listed from a process of its own (bench/list-pods-api.ts), timed as kubectl is. */
async function apiProcessCount(base: string, cookie: string): Promise<{ count: number; ms: number; cpuMs: number }> {
  const env = { ...process.env, BENCH_BASE: base, BENCH_COOKIE: cookie, BENCH_CLUSTER: CLUSTER };
  const run = await timedProcessAsync('"$1" --import tsx "$2"', [process.execPath, path.join(root, 'bench', 'list-pods-api.ts')], env);
  return { ...run, count: Number(run.stdout.trim()) };
}

function countText(page: Page): Promise<string> {
  return page.getByTestId('pod-count').innerText();
}

/** Types each key into the name filter and times it until the count shows the filtered rows. */
async function keystrokeLatencies(page: Page, needle: string, names: string[], total: number): Promise<number[]> {
  const input = page.getByLabel('Name contains');
  await input.click();
  await page.evaluate(() => {
    const w = window as unknown as { keyAt: number };
    document.addEventListener('keydown', () => (w.keyAt = performance.now()), { capture: true });
  });
  const latencies: number[] = [];
  const press = async (key: string, value: string) => {
    const shown = value ? names.filter((name) => name.includes(value)).length : total;
    const expected = shown === total ? `${total} pods` : `${shown} of ${total} pods`;
    await page.keyboard.press(key);
    const handle = await page.waitForFunction(
      (text) => {
        const count = document.querySelector('[data-testid="pod-count"]')?.textContent ?? '';
        return count.startsWith(text) && !/\d/.test(count.charAt(text.length)) ? performance.now() - (window as unknown as { keyAt: number }).keyAt : 0;
      },
      expected,
      { polling: 'raf', timeout: 30_000 },
    );
    latencies.push((await handle.jsonValue()) as number);
  };
  for (let round = 0; round < 2; round++) {
    for (let i = 1; i <= needle.length; i++) await press(needle[i - 1], needle.slice(0, i));
    for (let i = needle.length - 1; i >= 0; i--) await press('Backspace', needle.slice(0, i));
  }
  return latencies;
}

/** Resident memory of a process (Linux /proc), bytes. */
export function readRss(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
}

/** The most resident memory the process has had (Linux VmHWM), bytes. */
export function readPeakRss(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A scale sandbox, the console on it (built when stale) and headless chromium signed in as admin. */
export interface BenchConsole {
  sandbox: Awaited<ReturnType<typeof startSandbox>>;
  console: ChildProcess;
  base: string;
  cookie: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** `pods` and `nodes` build the empty scenario at that scale; `scenario: 'default'` starts the seeds' scenario instead. */
export async function startBenchConsole(options: { pods: number; nodes: number; scenario?: 'default'; cpuProfileDir?: string; viewport?: { width: number; height: number } }): Promise<BenchConsole> {
  const dir = mkdtempSync(path.join(tmpdir(), 'watchdeck-bench-'));
  const sandboxStarted = performance.now();
  const sandbox = await startSandbox(options.scenario ? { dir, scenario: options.scenario, seed: 7 } : { dir, scenario: 'empty', scale: { nodes: options.nodes, pods: options.pods } });
  console.log(`sandbox ${options.scenario ? `(${options.scenario} scenario)` : `with ${options.pods} pods on ${options.nodes} nodes`} up in ${s(performance.now() - sandboxStarted)}`);
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (!sandbox.files) throw new Error('the sandbox wrote no kubeconfig files');
    await buildIfStale();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = sandboxConsoleEnv({ ...process.env, PORT: String(port), WATCHDECK_DATA_DIR: path.join(dir, 'data') }, sandbox.files, sandboxAwsEnv(sandbox.aws));
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfileDir)}`] : [];
    child = startConsole(port, env, profile);
    await waitUntilReady(base, child);
    browser = await chromium.launch(await chromiumLaunchOptions());
    const context = await browser.newContext({ baseURL: base, viewport: options.viewport ?? { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && console.error(`page console: ${message.text()}`));
    // Signing in as the sandbox's admin, as the sign-in page's button does.
    const session = (await (await page.request.get('/api/v1/auth/session')).json()) as { csrfToken: string };
    const signIn = await page.request.post('/api/v1/auth/sign-in', { data: { sandboxUser: 'admin' }, headers: { 'X-CSRF-Token': session.csrfToken, Origin: base } });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
    const cookie = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join('; ');
    return { sandbox, console: child, base, cookie, context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main(): Promise<void> {
  const bench = await startBenchConsole({ pods: PODS, nodes: NODES, cpuProfileDir: CPU_PROFILE_DIR });
  try {
    await (STREAM_ONLY ? measureStream(bench) : measure(bench));
  } finally {
    await bench.close();
  }
}

/** The console's stream against the raw read, turn and turn about after one warm-up each. */
async function compareStream({ sandbox, console: console_, base, cookie }: BenchConsole) {
  console.log(`console resident memory before any list: ${(readRss(console_.pid!) / 2 ** 20).toFixed(0)} MiB`);
  await measuredRawRead(sandbox, 'protobuf');
  await measuredRawRead(sandbox, 'json');
  await measuredStream(base, cookie, console_.pid!);
  const raws: Awaited<ReturnType<typeof measuredRawRead>>[] = [];
  const jsonRaws: Awaited<ReturnType<typeof measuredRawRead>>[] = [];
  const streams: Awaited<ReturnType<typeof measuredStream>>[] = [];
  // The order turns each run: the sandbox writes a changed pod's protobuf once, for whichever read comes first after the change.
  const steps = [
    async () => raws.push(await measuredRawRead(sandbox, 'protobuf')),
    async () => jsonRaws.push(await measuredRawRead(sandbox, 'json')),
    async () => streams.push(await measuredStream(base, cookie, console_.pid!)),
  ];
  for (let run = 0; run < RUNS; run++) {
    for (let i = 0; i < steps.length; i++) await steps[(run + i) % steps.length]();
  }
  return { raws, jsonRaws, streams };
}

function streamReport({ raws, jsonRaws, streams }: Awaited<ReturnType<typeof compareStream>>): string[] {
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const raw = Math.min(...raws.map((r) => r.ms));
  const jsonRaw = Math.min(...jsonRaws.map((r) => r.ms));
  const streamed = Math.min(...streams.map((r) => r.ms));
  const perPod = streams.map((r) => (r.cpuMs * 1000) / r.count);
  return [
    `raw read, pods straight from the API server in pages of ${RAW_PAGE}: ${raws.map((r) => r.count).join(', ')} pods as protobuf, ${jsonRaws.map((r) => r.count).join(', ')} as JSON`,
    `  ${loadedSamplesLine('raw read as protobuf, each page scanned for its count and continue token (bench process: API server and reader)', raws)}`,
    `  ${loadedSamplesLine('raw read as JSON, each page parsed (bench process: API server and reader)', jsonRaws)}`,
    `  ${loadedSamplesLine('console stream (console process CPU)', streams)}`,
    `  console CPU per pod: ${perPod.map((us) => `${us.toFixed(1)} µs`).join(', ')}; best ${Math.min(...perPod).toFixed(1)} µs (target under 15)`,
    `  console peak resident memory during each stream run (VmHWM): ${streams.map((r) => `${mib(r.peakRss)} (${mib(r.rssBefore)} before it)`).join(', ')} (target under 300 MB = 286 MiB)`,
    `  ratio console stream / raw read of the same pages (protobuf), best of ${RUNS} each by wall time: ${(streamed / raw).toFixed(2)} (target 1.1 at most); / raw read as JSON: ${(streamed / jsonRaw).toFixed(2)}`,
  ];
}

async function measureStream(bench: BenchConsole): Promise<void> {
  console.log(streamReport(await compareStream(bench)).join('\n'));
}

async function measure({ sandbox, console: console_, base, cookie, context, page }: BenchConsole): Promise<void> {
  // Timed in the page, from navigation start: the first row drawn, and the count without "loading".
  // A string, not a function: the bench's own transform would name inner functions with a helper the page lacks.
  await page.addInitScript(`
    const marks = {};
    window.podMarks = marks;
    const check = () => {
      if (marks.firstRows === undefined && document.querySelector('table[aria-label="Pods"] tbody tr[aria-rowindex]')) marks.firstRows = performance.now();
      const count = document.querySelector('[data-testid="pod-count"]')?.textContent ?? '';
      if (marks.firstRows !== undefined && /^\\d+ pods?/.test(count) && !count.includes('loading')) marks.allRows = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  `);
  // A warm-up list: the sandbox builds its list snapshot and the console compiles its route once; its names feed the filter below.
  const apiBefore = await listThroughApi(base, cookie, CLUSTER);
  // One warm-up each for the two processes compared: the console's paged API and kubectl.
  await apiProcessCount(base, cookie);
  await kubectlCount(sandbox.files!.kubeconfig);
  // And for the console's stream and its references, the raw reads.
  await measuredRawRead(sandbox, 'protobuf');
  await measuredRawRead(sandbox, 'json');
  await measuredStream(base, cookie, console_.pid!);

  // The page's routes warmed as the API's were: one namespace's pods loaded once before the timed navigations.
  await page.goto(`/c/${CLUSTER}/pods?namespace=scale-7`);
  await page
    .getByTestId('pod-count')
    .filter({ hasText: /^\d+ pods?(?! \(loading)/ })
    .waitFor({ timeout: 120_000 });
  // Everything compared takes turns, RUNS times each: the machine's load drifts by a fifth within a run, so one sample of either decides nothing.
  const loads: { firstRows: number; allRows: number }[] = [];
  const streams: Awaited<ReturnType<typeof measuredStream>>[] = [];
  const raws: Awaited<ReturnType<typeof measuredRawRead>>[] = [];
  const jsonRaws: Awaited<ReturnType<typeof measuredRawRead>>[] = [];
  const apiRuns: Awaited<ReturnType<typeof apiProcessCount>>[] = [];
  const kubectlRuns: Awaited<ReturnType<typeof kubectlCount>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    raws.push(await measuredRawRead(sandbox, 'protobuf'));
    jsonRaws.push(await measuredRawRead(sandbox, 'json'));
    streams.push(await measuredStream(base, cookie, console_.pid!));
    loads.push(await loadEveryPod(page));
    apiRuns.push(await apiProcessCount(base, cookie));
    kubectlRuns.push(await kubectlCount(sandbox.files!.kubeconfig));
  }
  const pageCount = Number((await countText(page)).match(/^(\d+)/)![1]);

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  await page.screenshot({ path: path.join(tmpdir(), 'watchdeck-pods-page-loaded.png') });
  const apiAfter = await listThroughApi(base, cookie, CLUSTER);
  const consoleRss = readRss(console_.pid!);

  // A needle that narrows step by step: the tail of a pod's generated name.
  const sample = apiAfter.names[Math.floor(apiAfter.names.length / 3)];
  const needle = sample.slice(-6);
  const latencies = await keystrokeLatencies(page, needle, apiAfter.names, pageCount);
  await page.getByLabel('Name contains').fill(needle);
  await page.screenshot({ path: path.join(tmpdir(), 'watchdeck-pods-page-filtered.png') });

  const api = Math.min(...apiRuns.map((r) => r.ms));
  const kubectl = Math.min(...kubectlRuns.map((r) => r.ms));
  const streamed = Math.min(...streams.map((r) => r.ms));
  const allRows = Math.min(...loads.map((l) => l.allRows));
  const firstRows = Math.max(...loads.map((l) => l.firstRows));
  const list = (values: number[]) => values.map(s).join(', ');
  console.log(
    [
      `pods in the page: ${pageCount}; through the console API: ${apiBefore.names.length} (then ${apiAfter.names.length}); its stream: ${streams[0].count} in ${streams[0].lines} lines; its paged API from a process: ${apiRuns.map((r) => r.count).join(', ')}; kubectl: ${kubectlRuns.map((r) => r.count).join(', ')}`,
      `first rows visible after navigation start (${RUNS} loads): ${list(loads.map((l) => l.firstRows))}; slowest ${s(firstRows)}`,
      `all rows loaded (${RUNS} loads): ${list(loads.map((l) => l.allRows))}; best ${s(allRows)}`,
      `console API alone, its list stream (what the page reads), between the loads: ${list(streams.map((r) => r.ms))}; best ${s(streamed)}`,
      samplesLine(`console paged API (${FIRST_PAGE} then ${NEXT_PAGES}) from a process, spawn to exit`, apiRuns),
      samplesLine('kubectl get pods -A --chunk-size=500 -o name, spawn to exit', kubectlRuns),
      `ratio all rows / console stream (best of ${RUNS} each, neither with a process start): ${(allRows / streamed).toFixed(2)}; console paged API / kubectl (best of ${RUNS} each, both from spawn): ${(api / kubectl).toFixed(2)}`,
      `console server RSS after the lists: ${(consoleRss / 2 ** 20).toFixed(0)} MiB (peak ${(readPeakRss(console_.pid!) / 2 ** 20).toFixed(0)} MiB)`,
      ...streamReport({ raws, jsonRaws, streams }),
      `tab JS heap after loading (after GC): ${(heap.usedSize / 2 ** 20).toFixed(0)} MiB used of ${(heap.totalSize / 2 ** 20).toFixed(0)} MiB`,
      `name filter "${needle}" (${latencies.length} keystrokes): p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
    ].join('\n'),
  );
}

/** One navigation to every namespace's pods, timed in the page from navigation start (see the init script). */
async function loadEveryPod(page: Page): Promise<{ firstRows: number; allRows: number }> {
  // With a namespace in the URL too: the shell's namespace picker replaces a URL without one, dropping allNamespaces.
  await page.goto(`/c/${CLUSTER}/pods?namespace=default&allNamespaces=true`);
  const marks = await page
    .waitForFunction(
      () => (window as unknown as { podMarks: { firstRows?: number; allRows?: number } }).podMarks.allRows !== undefined && (window as unknown as { podMarks: object }).podMarks,
      undefined,
      { timeout: 300_000 },
    )
    .catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(tmpdir(), 'watchdeck-pods-page-bench.png') });
      throw error;
    });
  return (await marks.jsonValue()) as { firstRows: number; allRows: number };
}

// Run directly (not imported for its start-up by another bench).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
