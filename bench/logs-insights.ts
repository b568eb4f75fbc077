/**
 * The Logs Insights engine against DuckDB and jq over the same Container Insights (Fluentd)
 * JSON lines, timed in one run:
 *
 *   npx tsx bench/logs-insights.ts [events=1000000] [--file events.jsonl] [--runs 3] [--sides engine,engine-2,duckdb-1,duckdb-2,jq] [--engine-only]
 *
 * Sides: the engine on one thread; the engine on two worker threads, each over half of the file,
 * their partial aggregates merged (`QueryRun.merge`); DuckDB (`read_json` over the same file) with
 * `SET threads` 1 and 2; jq. Each sample is a process of its own, so no side inherits another's
 * warm heap: after one warm-up each, the sides take turns `--runs` times. Every sample is printed
 * with the machine's load when it started, by wall time and by CPU time (every thread of the
 * process), from spawn to exit and for the query alone (without start-up: the engine's worker
 * threads and DuckDB's instance are ready before it starts). Each side is judged by its best
 * sample, as other work on a shared machine only ever adds to a figure. Every sample of every
 * side must give the same result, or the bench fails.
 *
 * `--file` keeps the generated events there (and reuses them when the file exists);
 * `--engine-only` runs the engine in this process, for profiling it with `node --cpu-prof`.
 *
 * Where the engine's time went (node --cpu-prof, 1,000,000 events, one thread), before this bench
 * compared it with DuckDB: reading and decoding the lines (read, Buffer toString per line, isAscii)
 * about a third of the filter query's time; the filter's one pattern over every raw line a
 * quarter; for the parse query the JSON field reader (keys, strings, the cached `kubernetes`
 * object), the parse pattern, and allocation (garbage collection 6 %).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { QueryRun, type PartialRun, type ResultField } from '@/lib/logs-insights';
import { writeEvents } from './logs-insights-events';
import { scanRange } from './logs-insights-scan';
import type { ScanJob } from './logs-insights-worker';
import { load, loadedSamplesLine, measured, timedProcess, type LoadedSample } from './timed-process';

const args = process.argv.slice(2);
const flag = (name: string, takesValue: boolean) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : (args.splice(i, takesValue ? 2 : 1)[1] ?? '');
};
const KEEP = flag('--file', true);
const RUNS = Math.max(1, Number(flag('--runs', true) ?? 3));
const ENGINE_ONLY = flag('--engine-only', false) !== undefined;
const SIDES = ['engine', 'engine-2', 'duckdb-1', 'duckdb-2', 'jq'] as const;
type Side = (typeof SIDES)[number];
const chosen = (flag('--sides', true)?.split(',') ?? SIDES) as Side[];
if (chosen.some((s) => !SIDES.includes(s))) throw new Error(`--sides takes some of ${SIDES.join(',')}`);
/** Set in the child this script starts for each sample: the side; the file and the query's index follow. */
const CHILD = flag('--child', true) as Side | undefined;
const N = Number(args[0] ?? 1_000_000);
/** The scan speed each query must reach on the project's 2-core machine. */
const TARGET_MBPS = 200;

interface Bench {
  title: string;
  query: string;
  /** The same result in DuckDB's SQL, over `src`; and in jq. */
  sql: (src: string) => string;
  jq: string;
  /** Each side's answer as one canonical text, compared across sides. */
  fromRows: (rows: ResultField[][]) => Record<string, string>;
  fromSql: (rows: Record<string, unknown>[]) => Record<string, string>;
  fromJq: (output: unknown) => Record<string, string>;
}

const value = (row: ResultField[], field: string) => row.find((f) => f.field === field)?.value ?? '';

const BENCHES: Bench[] = [
  {
    // The seeds' ERROR_COUNT query.
    title: 'filter + stats by container (ERROR_COUNT)',
    query: 'stats count(*) as ERROR_COUNT by kubernetes.container_name as APP\n| filter ( log not like /^\\[/ and (log like /WARN/ or log like /error/) )',
    sql: (src) =>
      `SELECT kubernetes.container_name AS app, count(*) AS n FROM ${src} WHERE NOT regexp_matches(log, '^\\[') AND (regexp_matches(log, 'WARN') OR regexp_matches(log, 'error')) GROUP BY ALL`,
    jq: 'reduce (inputs | select((.log | test("^\\\\[") | not) and (.log | (test("WARN") or test("error")))) | .kubernetes.container_name) as $c ({}; .[$c] += 1)',
    fromRows: (rows) => Object.fromEntries(rows.map((r) => [value(r, 'APP'), value(r, 'ERROR_COUNT')])),
    fromSql: (rows) => Object.fromEntries(rows.map((r) => [String(r.app), String(r.n)])),
    fromJq: (output) => Object.fromEntries(Object.entries(output as Record<string, number>).map(([k, v]) => [k, String(v)])),
  },
  {
    // Requests and their total latency per 5 minutes: bucket (epoch seconds) → "requests/total ms".
    title: 'parse + stats by bin(5m)',
    query: 'parse log /^(?<method>[A-Z]+) (?<path>\\S+) (?<status>\\d{3}) (?<took>\\d+)ms$/\n| filter ispresent(took)\n| stats count(*) as requests, sum(took) as total by bin(5m) as bucket',
    sql: (src) =>
      `SELECT epoch(time_bucket(INTERVAL 5 MINUTE, time::TIMESTAMP))::BIGINT AS bucket, count(*) AS requests, sum(took::BIGINT) AS total FROM (SELECT time, regexp_extract(log, '^([A-Z]+) (\\S+) (\\d{3}) (\\d+)ms$', 4) AS took FROM ${src}) WHERE took <> '' GROUP BY ALL`,
    jq: 'reduce (inputs | (.log | capture("^(?<method>[A-Z]+) (?<path>\\\\S+) (?<status>[0-9]{3}) (?<took>[0-9]+)ms$")) as $m | [((((.time[0:19] + "Z") | fromdateiso8601) / 300 | floor) * 300), ($m.took | tonumber)]) as [$b, $t] ({}; .[$b | tostring] |= {n: ((.n // 0) + 1), s: ((.s // 0) + $t)})',
    fromRows: (rows) => Object.fromEntries(rows.map((r) => [String(Date.parse(`${value(r, 'bucket').replace(' ', 'T')}Z`) / 1000), `${value(r, 'requests')}/${value(r, 'total')}`])),
    fromSql: (rows) => Object.fromEntries(rows.map((r) => [String(r.bucket), `${String(r.requests)}/${String(r.total)}`])),
    fromJq: (output) => Object.fromEntries(Object.entries(output as Record<string, { n: number; s: number }>).map(([k, v]) => [k, `${v.n}/${v.s}`])),
  },
];

/** A result as one text, its keys in order: sides list their groups in different orders. */
const canonical = (o: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

/** What a child prints: the query alone, timed inside the process, and its canonical result. */
interface ChildAnswer extends LoadedSample {
  result: string;
  matched?: number;
}

async function engineRun(file: string, bench: Bench): Promise<ChildAnswer> {
  const m = await measured(() => {
    const run = new QueryRun(bench.query);
    scanRange(file, run);
    return { rows: run.results(), matched: run.statistics.recordsMatched };
  });
  return { ...m, result: canonical(bench.fromRows(m.value.rows)), matched: m.value.matched };
}

/** Worker threads started, their modules loaded, as a server would keep them. */
async function workerPool(size: number): Promise<Worker[]> {
  // Node 20 resolves a worker's entry before an --import hook runs in it: the worker registers tsx itself.
  const entry = `require('tsx/cjs/api').register(); require(${JSON.stringify(join(import.meta.dirname, 'logs-insights-worker.ts'))});`;
  const workers = Array.from({ length: size }, () => new Worker(entry, { eval: true }));
  await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => w.once('message', () => resolve()).once('error', reject))));
  return workers;
}

/** Splits the file into as many byte ranges as there are workers, one each; merges their partial aggregates in file order. */
async function parallelRun(file: string, bench: Bench, workers: Worker[]): Promise<ChildAnswer> {
  const size = statSync(file).size;
  const m = await measured(async () => {
    const partials = await Promise.all(
      workers.map((w, i) => {
        const job: ScanJob = { file, query: bench.query, start: Math.floor((size * i) / workers.length), end: Math.floor((size * (i + 1)) / workers.length) };
        return new Promise<PartialRun>((resolve, reject) => {
          w.once('message', resolve).once('error', reject);
          w.postMessage(job);
        });
      }),
    );
    const run = new QueryRun(bench.query);
    for (const p of partials) run.merge(p);
    return { rows: run.results(), matched: run.statistics.recordsMatched };
  });
  return { ...m, result: canonical(bench.fromRows(m.value.rows)), matched: m.value.matched };
}

async function duckdbRun(file: string, bench: Bench, threads: number): Promise<ChildAnswer> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  // Only the members the queries read, typed: DuckDB then skips the rest of each line as the engine does.
  const src = `read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited', columns = {log: 'VARCHAR', kubernetes: 'STRUCT(container_name VARCHAR)', time: 'VARCHAR'})`;
  const m = await measured(async () => (await connection.runAndReadAll(bench.sql(src))).getRowObjectsJson());
  connection.closeSync();
  instance.closeSync();
  return { ...m, result: canonical(bench.fromSql(m.value as Record<string, unknown>[])) };
}

async function child(side: Side, file: string, bench: Bench): Promise<ChildAnswer> {
  if (side === 'engine') return engineRun(file, bench);
  if (side === 'engine-2') {
    const workers = await workerPool(2);
    try {
      return await parallelRun(file, bench, workers);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
  return duckdbRun(file, bench, side === 'duckdb-2' ? 2 : 1);
}

/** One sample of a side: a process of its own, timed from spawn to exit, and the query alone inside it. */
function sample(side: Side, file: string, index: number): { process: LoadedSample; alone: LoadedSample | null; result: string; matched?: number } {
  const at = load();
  const bench = BENCHES[index];
  if (side === 'jq') {
    const run = timedProcess('jq -c -n "$1" "$2"', [bench.jq, file]);
    return { process: { ms: run.ms, cpuMs: run.cpuMs, load: at }, alone: null, result: canonical(bench.fromJq(JSON.parse(run.stdout))) };
  }
  const run = timedProcess('"$1" --import tsx "$2" --child "$3" "$4" "$5"', [process.execPath, import.meta.filename, side, file, String(index)]);
  const answer = JSON.parse(run.stdout) as ChildAnswer;
  return { process: { ms: run.ms, cpuMs: run.cpuMs, load: at }, alone: answer, result: answer.result, matched: answer.matched };
}

const LABELS: Record<Side, string> = {
  engine: 'engine, 1 thread   ',
  'engine-2': 'engine, 2 workers  ',
  'duckdb-1': 'DuckDB, 1 thread   ',
  'duckdb-2': 'DuckDB, 2 threads  ',
  jq: 'jq                 ',
};

function compare(file: string, index: number, bytes: number): void {
  const bench = BENCHES[index];
  const samples = new Map<Side, ReturnType<typeof sample>[]>(chosen.map((s) => [s, []]));
  for (const side of chosen) sample(side, file, index); // warm-up: the file in the page cache for every side
  for (let r = 0; r < RUNS; r++) for (const side of chosen) samples.get(side)!.push(sample(side, file, index));

  const first = samples.get(chosen[0])![0];
  console.log(`\n${bench.title}: ${first.result}${first.matched === undefined ? '' : `, ${first.matched.toLocaleString('en')} records matched`}`);
  const best = (xs: LoadedSample[]) => ({ ms: Math.min(...xs.map((x) => x.ms)), cpuMs: Math.min(...xs.map((x) => x.cpuMs)) });
  for (const side of chosen) {
    const runs = samples.get(side)!;
    console.log(
      `  ${loadedSamplesLine(
        `${LABELS[side]} process`,
        runs.map((s) => s.process),
      )}`,
    );
    const alone = runs.map((s) => s.alone).filter((a): a is ChildAnswer => a !== null);
    if (alone.length > 0) console.log(`  ${loadedSamplesLine(`${LABELS[side]} query alone`, alone)}`);
  }
  const disagreeing = chosen.flatMap((side) => samples.get(side)!.flatMap((s, i) => (s.result === first.result ? [] : [`${side} run ${i + 1}: ${s.result}`])));
  console.log(`  results identical across ${chosen.join(', ')} (${RUNS} runs each): ${disagreeing.length === 0 ? 'yes' : 'NO'}`);
  if (disagreeing.length > 0) throw new Error(`results differ from ${chosen[0]}'s ${first.result}:\n${disagreeing.join('\n')}`);

  const aloneBest = (side: Side) => (samples.has(side) ? best(samples.get(side)!.map((s) => s.alone ?? s.process)) : null);
  const ratio = (a: Side, b: Side) => {
    const x = aloneBest(a);
    const y = aloneBest(b);
    if (x && y) console.log(`  ${a} / ${b}, best query-alone samples: ${(x.ms / y.ms).toFixed(2)} wall, ${(x.cpuMs / y.cpuMs).toFixed(2)} CPU`);
  };
  ratio('engine', 'duckdb-1');
  ratio('engine-2', 'duckdb-2');
  ratio('engine-2', 'engine');
  const engine = aloneBest('engine');
  if (engine) {
    const mbps = bytes / 1e6 / (engine.cpuMs / 1000);
    console.log(`  scan speed target ${TARGET_MBPS} MB/s by CPU time, one thread: ${mbps.toFixed(0)} MB/s, ${mbps >= TARGET_MBPS ? 'met' : 'NOT met'}`);
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'logs-insights-bench-'));
  const file = KEEP || join(dir, 'application.jsonl');
  try {
    const t = performance.now();
    if (!KEEP || !existsSync(file)) await writeEvents(file, N);
    const bytes = statSync(file).size;
    console.log(`${N.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(0)} MB of JSON lines ready in ${((performance.now() - t) / 1000).toFixed(1)} s; ${RUNS} runs per side after one warm-up`);
    if (ENGINE_ONLY) {
      for (const bench of BENCHES) {
        const runs: ChildAnswer[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await engineRun(file, bench));
        console.log(`\n${bench.title}: ${runs[0].result}\n  ${loadedSamplesLine('engine, 1 thread, in this process', runs)}`);
      }
      return;
    }
    BENCHES.forEach((_, i) => compare(file, i, bytes));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (CHILD !== undefined) console.log(JSON.stringify(await child(CHILD, args[0], BENCHES[Number(args[1])])));
else await main();
