/**
 * The console's GET /api/v1/healthz latency while a view-only user (dev) runs hostile Logs Insights
 * queries, against the same with no hostile load, in one run. The sandbox runs in its own process
 * (`sandbox/main.ts`), the console as `npm start` runs it (a production build, made when stale);
 * healthz is asked every 10 ms whatever happened to the last ask, and each latency runs from when
 * the ask was due, so a held event loop counts for every ask it delays. Meanwhile oncall runs an
 * ordinary query over eks-work's pod logs and another over CloudWatch Logs, one after another.
 * Dev's five hostile queries run at once, each started again a second after it ends, then at
 * once (a flood of queries, which costs the console their starting as much as their patterns).
 *
 * Beside each phase's healthz latencies, the console's own event-loop delay over the phase (prom-client's
 * nodejs_eventloop_lag_* from its metrics listener, which restarts its histogram at each scrape): how long
 * the console held its own loop, apart from what the machine's other processes took of the two cores.
 *
 *   npx tsx bench/hostile-queries.ts [seconds per phase = 20] [phases = idle,ordinary,hostile,flood,ordinary]
 *
 * Ports: console 41731, sandbox API server 41732, sandbox AWS endpoint 41733, console metrics 41734.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sandboxConsoleEnv } from '../scripts/console-env';
import { buildIfStale, exited, startConsole, startSandboxProcess, waitUntilReady } from './console-process';

const SECONDS = Number(process.argv[2] ?? 20);
const CONSOLE_PORT = 41731;
const SANDBOX_PORT = 41732;
const AWS_PORT = 41733;
const CLUSTER = 'eks-work-cluster';
const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
const METRICS_PORT = 41734;
const ASK_EVERY_MS = 10;
const PHASES = (process.argv[3] ?? 'idle,ordinary,hostile,flood,ordinary').split(',');

type Source = { kind: 'pods'; namespace: string; labelSelector: string } | { kind: 'cloudwatch'; logGroupNames: string[] };
const HOSTILE: { query: string; source: Source }[] = [
  { query: 'filter log like /^(.?){21}.{21}Z/', source: { kind: 'pods', namespace: 'rbac-test-ns', labelSelector: 'app' } },
  { query: 'filter log =~ /^(.?){25}.{25}Z/', source: { kind: 'pods', namespace: 'rbac-test-ns', labelSelector: 'app' } },
  { query: 'parse log "* * * * * * * *Z" as a, b, c, d, e, f, g, h', source: { kind: 'pods', namespace: 'rbac-test-ns', labelSelector: 'app' } },
  { query: 'filter log like /^(.?){21}.{21}Z/', source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } },
  // Run by V8 with its linear fallback (the others run on RE2): proves the flags took in the sandbox's process too.
  { query: 'parse log "* * * * * * * *Z" as a, b, c, d, e, f, g, h', source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } },
];
const ORDINARY: { query: string; source: Source }[] = [
  { query: 'stats count(*) as n by kubernetes.container_name', source: { kind: 'pods', namespace: 'eks-work', labelSelector: 'app' } },
  { query: 'filter log like /(?i)error|warn/ | stats count(*) as n by kubernetes.container_name', source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
  return `p50 ${f(percentile(s, 50))}  p95 ${f(percentile(s, 95))}  p99 ${f(percentile(s, 99))}  max ${f(s[s.length - 1])}  (${s.length} asks)`;
}

/** healthz asked every ASK_EVERY_MS for `ms`, each latency from when the ask was due. */
async function healthz(base: string, ms: number): Promise<number[]> {
  const t0 = performance.now();
  const asks: Promise<number>[] = [];
  for (let due = t0; due < t0 + ms; due += ASK_EVERY_MS) {
    const at = due;
    asks.push(
      sleep(at - t0).then(async () => {
        const response = await fetch(`${base}/api/v1/healthz`);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`healthz answered ${response.status}`);
        return performance.now() - at;
      }),
    );
  }
  return Promise.all(asks);
}

/** The console's event-loop delay since the last scrape, from its metrics listener; a scrape restarts it. */
async function loopDelay(): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).text();
  const seconds = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  const f = (ms: number) => `${ms.toFixed(1)} ms`.padStart(10);
  return `p50 ${f(seconds('nodejs_eventloop_lag_p50_seconds'))}  p99 ${f(seconds('nodejs_eventloop_lag_p99_seconds'))}  max ${f(seconds('nodejs_eventloop_lag_max_seconds'))}`;
}

/** Runs the queries as `token`'s user, each again `pauseMs` after it ends, until `stop`; the end of each run. */
async function keepRunning(base: string, token: string, queries: typeof HOSTILE, stop: { done: boolean }, pauseMs: number): Promise<{ status: string; ms: number; message?: string }[]> {
  const ends: { status: string; ms: number; message?: string }[] = [];
  await Promise.all(
    queries.map(async ({ query, source }) => {
      while (!stop.done) {
        const started = performance.now();
        const now = Math.floor(Date.now() / 1000);
        const response = await fetch(`${base}/api/v1/logs/queries`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ cluster: CLUSTER, queryString: query, startTime: now - 3600, endTime: now + 3600, source }),
        });
        const state = (await response.json()) as { id: string; status: string; error?: { message: string } };
        if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(state)}`);
        let current = state;
        while (['Queued', 'Scheduled', 'Running'].includes(current.status)) {
          await sleep(100);
          current = (await (await fetch(`${base}/api/v1/logs/queries/${state.id}?cluster=${CLUSTER}`, { headers: { authorization: `Bearer ${token}` } })).json()) as typeof state;
        }
        ends.push({ status: current.status, ms: performance.now() - started, ...(current.error ? { message: current.error.message } : {}) });
        await sleep(pauseMs);
      }
    }),
  );
  return ends;
}

function describeEnds(ends: { status: string; ms: number; message?: string }[]): string {
  const byStatus = new Map<string, number[]>();
  for (const e of ends) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e.ms]);
  return (
    [...byStatus]
      .map(
        ([status, ms]) =>
          `${ms.length} ${status} (median ${percentile(
            [...ms].sort((a, b) => a - b),
            50,
          ).toFixed(0)} ms)`,
      )
      .join(', ') || 'none ended'
  );
}

/** What runs during each phase: oncall's ordinary queries, and dev's hostile ones restarted `pauseMs` after each end. */
const PHASE_LOADS: Record<string, { ordinary: boolean; hostile?: { pauseMs: number } }> = {
  idle: { ordinary: false },
  ordinary: { ordinary: true },
  hostile: { ordinary: true, hostile: { pauseMs: 1000 } },
  flood: { ordinary: true, hostile: { pauseMs: 0 } },
};

const unknown = PHASES.filter((name) => !PHASE_LOADS[name]);
if (unknown.length > 0) throw new Error(`unknown phase ${unknown.join(', ')}: ${Object.keys(PHASE_LOADS).join(', ')}`);

async function phase(base: string, tokens: { dev: string; oncall: string }, load: (typeof PHASE_LOADS)[string]): Promise<void> {
  const stop = { done: false };
  const idle = !load.ordinary;
  const hostile = load.hostile !== undefined;
  const pauseMs = load.hostile?.pauseMs ?? 0;
  const ordinary = idle ? Promise.resolve([]) : keepRunning(base, tokens.oncall, ORDINARY, stop, 0);
  const attacks = hostile ? keepRunning(base, tokens.dev, HOSTILE, stop, pauseMs) : Promise.resolve([]);
  // Let the queries get going before measuring.
  await sleep(1000);
  await loopDelay();
  const latencies = await healthz(base, SECONDS * 1000);
  const delay = await loopDelay();
  stop.done = true;
  const [ordinaryEnds, hostileEnds] = await Promise.all([ordinary, attacks]);
  console.log(`${idle ? 'no query at all' : hostile ? `hostile, restarted ${pauseMs} ms after each end` : 'no hostile load'}: healthz ${summary(latencies)}`);
  console.log(`    the console's event-loop delay: ${delay}`);
  for (const [who, ends] of [...(idle ? [] : [['oncall’s ordinary', ordinaryEnds] as const]), ...(hostile ? [['dev’s hostile', hostileEnds] as const] : [])] as const) {
    console.log(`    ${who} queries: ${describeEnds(ends)}`);
    for (const message of new Set(ends.flatMap((e) => (e.message ? [e.message] : [])))) console.log(`      "${message}"`);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'watchdeck-hostile-'));
let sandbox: ChildProcess | undefined;
let console_: ChildProcess | undefined;
try {
  await buildIfStale();
  // Thirty simulated seconds a second, so the pods have written a few minutes of logs by the first phase.
  sandbox = await startSandboxProcess(['--dir', dir, '--port', String(SANDBOX_PORT), '--aws-port', String(AWS_PORT), '--speed', '30']);
  const users = JSON.parse(readFileSync(path.join(dir, 'users.json'), 'utf8')) as { username: string; token: string }[];
  const token = (name: string) => users.find((u) => u.username === name)!.token;
  const aws = Object.fromEntries(
    readFileSync(path.join(dir, 'env'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const assignment = line.replace(/^export /, '');
        return [assignment.slice(0, assignment.indexOf('=')), assignment.slice(assignment.indexOf('=') + 1)];
      }),
  );
  const files = { consoleKubeconfig: path.join(dir, 'console.kubeconfig'), users: path.join(dir, 'users.json') };
  const env = sandboxConsoleEnv(
    { ...process.env, PORT: String(CONSOLE_PORT), NODE_ENV: 'production' as const, WATCHDECK_DATA_DIR: path.join(dir, 'data'), WATCHDECK_METRICS_PORT: String(METRICS_PORT) },
    files,
    aws,
  );
  // WATCHDECK_BENCH_CPU_PROF=dir writes the console's CPU profile there when it exits (node --cpu-prof).
  const profile = process.env.WATCHDECK_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.WATCHDECK_BENCH_CPU_PROF)] : [];
  const server = startConsole(CONSOLE_PORT, env, profile);
  console_ = server;
  const base = `http://127.0.0.1:${CONSOLE_PORT}`;
  await waitUntilReady(base, server);
  // Warm the routes and let the pods write some logs.
  await healthz(base, 2000);
  await sleep(5000);
  const tokens = { dev: token('dev'), oncall: token('oncall') };
  console.log(`${SECONDS} s per phase, healthz asked every ${ASK_EVERY_MS} ms`);
  for (const name of PHASES) {
    await phase(base, tokens, PHASE_LOADS[name]);
  }
} finally {
  for (const child of [console_, sandbox]) {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
