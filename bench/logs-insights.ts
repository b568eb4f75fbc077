/**
 * The Logs Insights engine against jq over the same Container Insights
 * (Fluentd) JSON lines, timed in one run:
 *
 *   npx tsx bench/logs-insights.ts [events=1000000] [--file events.jsonl] [--engine-only] [--runs 3]
 *
 * `--file` keeps the generated events there (and reuses them when the file exists);
 * `--engine-only` skips jq and runs the engine in this process, for profiling it with `node --cpu-prof`;
 * `--runs` times the engine and jq that many times each per query, taking turns after one warm-up each,
 * and judges each side by its run with the least CPU time, as other work on a shared machine only ever
 * adds to it (every run is printed). Both run as processes of their own, timed from spawn to exit, so
 * start-up counts on both sides; the engine's own time without start-up is printed beside it.
 */
import { isAscii } from 'node:buffer';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryRun, type LogEvent, type ResultField } from '@/lib/logs-insights';
import { samplesLine, timedProcess } from './timed-process';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : (args.splice(i, name === '--file' || name === '--runs' || name === '--engine-child' ? 2 : 1)[1] ?? '');
};
const KEEP = flag('--file');
const RUNS = Math.max(1, Number(flag('--runs') ?? 3));
const ENGINE_ONLY = flag('--engine-only') !== undefined;
/** Set in the child this script starts for each engine run: the events file; the query is the next argument. */
const ENGINE_CHILD = flag('--engine-child');
const N = Number(args[0] ?? 1_000_000);
const T0 = Date.UTC(2026, 0, 1);
const STEP_MS = 7; // 1,000,000 events span about two hours
const GROUP = '/aws/containerinsights/eks-work-cluster/application';
/** The scan speed each query must reach on the project's 2-core machine. */
const TARGET_MBPS = 200;

interface Container {
  name: string;
  namespace: string;
  pod: string;
  host: string;
  image: string;
  lines: (i: number) => string;
}

const hosts = ['ip-10-0-1-23.ap-northeast-2.compute.internal', 'ip-10-0-2-45.ap-northeast-2.compute.internal', 'ip-10-0-3-67.ap-northeast-2.compute.internal'];
const paths = ['/api/regions', '/api/locations', '/api/regions/11/locations', '/health'];
const containers: Container[] = [
  {
    name: 'backend-app',
    namespace: 'eks-work',
    pod: 'backend-app-7d9f8c6b5-x2kqp',
    host: hosts[0],
    image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:1.4.2',
    lines: (i) =>
      i % 50 === 0
        ? `WARN HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${i % 997}ms)`
        : i % 17 === 0
          ? `[main] INFO  o.s.web.servlet.DispatcherServlet - Completed initialization in ${i % 90} ms`
          : i % 5 === 0
            ? 'Health GET API called.'
            : `${i % 3 === 0 ? 'POST' : 'GET'} ${paths[i % 4]} ${i % 41 === 0 ? 500 : 200} ${(i * 37) % 900}ms`,
  },
  {
    name: 'frontend',
    namespace: 'eks-work',
    pod: 'frontend-5c6d7e8f9-abcde',
    host: hosts[1],
    image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:2.0.1',
    lines: (i) => (i % 29 === 0 ? `fetch error: upstream returned ${i % 2 ? 502 : 504}` : `GET ${paths[i % 4]} 200 ${(i * 13) % 300}ms`),
  },
  {
    name: 'aws-node',
    namespace: 'kube-system',
    pod: 'aws-node-8xk2p',
    host: hosts[2],
    image: '602401143452.dkr.ecr.ap-northeast-2.amazonaws.com/amazon-k8s-cni:v1.19.0',
    lines: (i) => (i % 101 === 0 ? '{"level":"error","msg":"ipamd: no free IP addresses"}' : `{"level":"info","ts":"x","caller":"ipamd/ipamd.go:${i % 900}","msg":"Reconciled ENI"}`),
  },
  {
    name: 'coredns',
    namespace: 'kube-system',
    pod: 'coredns-6b9575c64c-7h2lm',
    host: hosts[0],
    image: '602401143452.dkr.ecr.ap-northeast-2.amazonaws.com/eks/coredns:v1.11.4',
    lines: (i) => `[INFO] 10.0.${i % 4}.${i % 250}:${40000 + (i % 20000)} - ${i % 65536} "A IN backend-app.eks-work.svc.cluster.local. udp 62 false 512" NOERROR qr,aa,rd 118 0.000${i % 900}s`,
  },
];

function line(i: number): string {
  const c = containers[(i * 7) % 11 < 5 ? 0 : (i * 7) % 11 < 8 ? 1 : (i * 7) % 11 < 10 ? 2 : 3];
  const t = new Date(T0 + i * STEP_MS).toISOString();
  return JSON.stringify({
    log: c.lines(i),
    stream: i % 13 === 0 ? 'stderr' : 'stdout',
    kubernetes: {
      container_name: c.name,
      namespace_name: c.namespace,
      pod_name: c.pod,
      container_image: c.image,
      pod_id: `0b6e7f2a-${c.name.length}c1d-4e8f-9a2b-3c4d5e6f7a8b`,
      host: c.host,
      labels: { app: c.name, 'pod-template-hash': c.pod.split('-').at(-2) },
    },
    time: t,
  });
}

async function writeEvents(file: string): Promise<void> {
  const out = createWriteStream(file);
  let buffer = '';
  for (let i = 0; i < N; i++) {
    buffer += `${line(i)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((r, reject) => out.end((e?: Error | null) => (e ? reject(e) : r())));
}

/**
 * Streams the file into a query as the sandbox does: events in chunks (1 MB, about
 * the 2,000 events the sandbox's query scheduler pushes at a time), each with its
 * timestamp and stored size.
 */
async function runEngine(file: string, query: string): Promise<Timed & { rows: ResultField[][]; matched: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const run = new QueryRun(query);
  // The start of a line the previous chunk cut off; only that line is copied, never the chunk.
  let rest: Buffer = Buffer.alloc(0);
  let index = 0;
  const event = (message: string, bytes: number): LogEvent => ({ timestamp: T0 + index++ * STEP_MS, message, logStream: 'bench', logGroup: GROUP, bytes });
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    const events: LogEvent[] = [];
    let from = 0;
    if (rest.length > 0) {
      const nl = buffer.indexOf(10);
      if (nl < 0) {
        rest = Buffer.concat([rest, buffer]);
        continue;
      }
      const line = Buffer.concat([rest, buffer.subarray(0, nl)]);
      events.push(event(line.toString('utf8'), line.length));
      from = nl + 1;
    }
    // Each line decoded on its own, as a store hands out each message, with its byte length as the stored size;
    // ASCII reads the same as Latin-1, which decodes without checking sequences.
    const encoding = isAscii(buffer) ? 'latin1' : 'utf8';
    for (let nl = buffer.indexOf(10, from); nl !== -1; nl = buffer.indexOf(10, from)) {
      events.push(event(buffer.toString(encoding, from, nl), nl - from));
      from = nl + 1;
    }
    rest = Buffer.from(buffer.subarray(from));
    run.push(events);
  }
  if (rest.length > 0) run.push([event(rest.toString('utf8'), rest.length)]);
  const rows = run.results();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rows, matched: run.statistics.recordsMatched };
}

type EngineRun = Awaited<ReturnType<typeof runEngine>>;

/** One engine run in a process of its own (this script with --engine-child): `ms`/`cpuMs` from spawn to exit. */
function engineProcess(file: string, query: string): Timed & { rows: ResultField[][]; matched: number; inner: Timed } {
  const run = timedProcess('"$1" --import tsx "$2" --engine-child "$3" "$4"', [process.execPath, import.meta.filename, file, query]);
  const inner = JSON.parse(run.stdout) as EngineRun;
  return { ms: run.ms, cpuMs: run.cpuMs, rows: inner.rows, matched: inner.matched, inner: { ms: inner.ms, cpuMs: inner.cpuMs } };
}

/** Wall time, and CPU time, which other work on the machine inflates less. */
interface Timed {
  ms: number;
  cpuMs: number;
}

function runJq(file: string, program: string): Timed & { output: unknown } {
  const run = timedProcess('jq -c -n "$1" "$2"', [program, file]);
  return { ms: run.ms, cpuMs: run.cpuMs, output: JSON.parse(run.stdout) };
}

const leastCpu = <T extends Timed>(runs: T[]): T => runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));

/**
 * One warm-up each, then RUNS runs of the engine and of jq taking turns (jq skipped with --engine-only,
 * where the engine runs in this process for profiling); every run of a side must give the same result.
 */
async function compare(file: string, query: string, jqProgram: string) {
  if (ENGINE_ONLY) {
    const runs: EngineRun[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runEngine(file, query));
    return { engineRuns: runs.map((r) => ({ ...r, inner: { ms: r.ms, cpuMs: r.cpuMs } })), jqRuns: [] };
  }
  engineProcess(file, query);
  runJq(file, jqProgram);
  const engineRuns: ReturnType<typeof engineProcess>[] = [];
  const jqRuns: ReturnType<typeof runJq>[] = [];
  for (let i = 0; i < RUNS; i++) {
    engineRuns.push(engineProcess(file, query));
    jqRuns.push(runJq(file, jqProgram));
  }
  if (engineRuns.some((r) => JSON.stringify(r.rows) !== JSON.stringify(engineRuns[0].rows))) throw new Error(`engine runs disagree: ${query}`);
  if (jqRuns.some((r) => JSON.stringify(r.output) !== JSON.stringify(jqRuns[0].output))) throw new Error(`jq runs disagree: ${jqProgram}`);
  return { engineRuns, jqRuns };
}

const asObject = (rows: ResultField[][], key: string, value: string) => Object.fromEntries(rows.map((r) => [r.find((f) => f.field === key)!.value, r.find((f) => f.field === value)!.value]));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'logs-insights-bench-'));
  const file = KEEP || join(dir, 'application.jsonl');
  try {
    const t = performance.now();
    if (!KEEP || !existsSync(file)) await writeEvents(file);
    const bytes = statSync(file).size;
    console.log(`${N.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(0)} MB of JSON lines ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const rate = (ms: number) => bytes / 1e6 / (ms / 1000);
    type Compared = Awaited<ReturnType<typeof compare>>;
    const report = (name: string, { engineRuns, jqRuns }: Compared, agree: boolean) => {
      console.log(`\n${name}`);
      const engine = leastCpu(engineRuns);
      if (jqRuns.length > 0) {
        console.log(`  ${samplesLine('engine process', engineRuns)}`);
        console.log(`  ${samplesLine('jq process    ', jqRuns)}`);
        const jq = leastCpu(jqRuns);
        console.log(
          `  engine/jq ratio, least CPU run of ${RUNS} each, spawn to exit: ${(engine.ms / jq.ms).toFixed(2)} wall, ${(engine.cpuMs / jq.cpuMs).toFixed(2)} CPU   results agree: ${agree ? 'yes' : 'NO'}`,
        );
      }
      console.log(
        `  ${samplesLine(
          'engine alone (no start-up)',
          engineRuns.map((r) => r.inner),
        )}`,
      );
      // The target is the engine's own scan speed, by CPU time: wall time grows with whatever else the machine runs.
      const inner = leastCpu(engineRuns.map((r) => r.inner));
      console.log(`  scan speed target ${TARGET_MBPS} MB/s by CPU time: ${rate(inner.cpuMs).toFixed(0)} MB/s, ${rate(inner.cpuMs) >= TARGET_MBPS ? 'met' : 'NOT met'}`);
    };
    const sorted = (o: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));

    // The seeds' ERROR_COUNT query: filter + stats by container.
    const errorCount = 'stats count(*) as ERROR_COUNT by kubernetes.container_name as APP\n| filter ( log not like /^\\[/ and (log like /WARN/ or log like /error/) )';
    const c1 = await compare(
      file,
      errorCount,
      'reduce (inputs | select((.log | test("^\\\\[") | not) and (.log | (test("WARN") or test("error")))) | .kubernetes.container_name) as $c ({}; .[$c] += 1)',
    );
    const engine1 = asObject(c1.engineRuns[0].rows, 'APP', 'ERROR_COUNT');
    const jq1 = c1.jqRuns.length ? Object.fromEntries(Object.entries(c1.jqRuns[0].output as Record<string, number>).map(([k, v]) => [k, String(v)])) : {};
    report(`filter + stats by container (ERROR_COUNT): ${JSON.stringify(engine1)}`, c1, sorted(engine1) === sorted(jq1));

    // parse + stats by bin: requests and total latency per 5 minutes.
    const latency = 'parse log /^(?<method>[A-Z]+) (?<path>\\S+) (?<status>\\d{3}) (?<took>\\d+)ms$/\n| filter ispresent(took)\n| stats count(*) as requests, sum(took) as total by bin(5m) as bucket';
    const c2 = await compare(
      file,
      latency,
      'reduce (inputs | (.log | capture("^(?<method>[A-Z]+) (?<path>\\\\S+) (?<status>[0-9]{3}) (?<took>[0-9]+)ms$")) as $m | [((((.time[0:19] + "Z") | fromdateiso8601) / 300 | floor) * 300), ($m.took | tonumber)]) as [$b, $t] ({}; .[$b | tostring] |= {n: ((.n // 0) + 1), s: ((.s // 0) + $t)})',
    );
    const rows2 = c2.engineRuns[0].rows;
    const engine2 = Object.fromEntries(rows2.map((r) => [String(Date.parse(`${r[0].value.replace(' ', 'T')}Z`) / 1000), `${r[1].value}/${r[2].value}`]));
    const jq2 = c2.jqRuns.length ? Object.fromEntries(Object.entries(c2.jqRuns[0].output as Record<string, { n: number; s: number }>).map(([k, v]) => [k, `${v.n}/${v.s}`])) : {};
    report(`parse + stats by bin(5m): ${rows2.length} buckets, ${c2.engineRuns[0].matched.toLocaleString('en')} requests`, c2, sorted(engine2) === sorted(jq2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (ENGINE_CHILD !== undefined) console.log(JSON.stringify(await runEngine(ENGINE_CHILD, args[0])));
else await main();
