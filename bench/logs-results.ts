/**
 * The Logs page's results table at 100,000 rows, in headless chromium: a sandbox whose container
 * log group is seeded with 100,500 Container-Insights-shaped events over the last 50 minutes, and
 * `fields @timestamp, @message | limit 100000` run from the page as a user runs it. Measured: the
 * final GetQueryResults answer's arrival to the rows drawn, sorting the 100,000 rows by @message,
 * jumping to the end and scrolling through with the wheel (frame times, blank rows), the tab's JS
 * heap. Baselines in the same run: the AWS CLI's get-query-results of the same query printed as rows
 * through jq, and jq sorting the rows as the page exports them (JSON).
 * The console runs as `npm start` runs it (production build, made when stale), signed in as admin.
 *
 *   npx tsx bench/logs-results.ts [rows=100000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sandboxAwsEnv } from '../sandbox/index';
import { startBenchConsole, type BenchConsole } from './pods-page';

const ROWS = Number(process.argv[2] ?? 100_000);
/** More events than the query's limit, so the limit is what cuts the rows. */
const EVENTS = ROWS + 500;
const STREAMS = 10;
const CLUSTER = 'eks-work-cluster';
const APPLICATION = `/aws/containerinsights/${CLUSTER}/application`;
const QUERY = `fields @timestamp, @message | limit ${ROWS}`;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Backend pods' access lines, as Fluentd ships them; their text does not follow their time, so a sort by @message has work to do. */
function seed({ sandbox }: BenchConsole): void {
  const store = sandbox.logs.service.store;
  const now = sandbox.world.nowMs();
  const first = now - 50 * 60_000;
  const step = Math.floor((50 * 60_000) / EVENTS);
  const perStream = Math.ceil(EVENTS / STREAMS);
  const paths = ['/api/orders', '/api/users', '/healthz', '/api/cart', '/api/search'];
  for (let k = 0; k < STREAMS; k++) {
    const pod = `backend-app-7c9f8d${k}b6-x${k}q2w`;
    const kubernetes = JSON.stringify({
      pod_name: pod,
      namespace_name: 'eks-work',
      pod_id: `4d1c2a7e-0000-4000-8000-00000000000${k}`,
      labels: { app: 'backend-app', track: 'stable' },
      host: `ip-192-168-${k}-17.ap-northeast-2.compute.internal`,
      container_name: 'backend-app',
      container_image: 'backend-app:1.4.2',
    });
    const events = [];
    for (let i = 0; i < perStream && k * perStream + i < EVENTS; i++) {
      // Event n of the whole set goes to stream n % STREAMS: each stream in time order, the streams interleaved.
      const n = i * STREAMS + k;
      const t = first + n * step;
      // Lines that do not follow the time: sorting by @message reorders every row.
      const log = `GET ${paths[(n * 7919) % paths.length]}/${(n * 104729) % 99991} 200 ${(n * 7) % 250}ms at ${new Date(t).toISOString()}`;
      events.push({ timestamp: t, message: `{"log":${JSON.stringify(log)},"stream":"stdout","time":"${new Date(t).toISOString()}","kubernetes":${kubernetes}}` });
    }
    store.put(APPLICATION, `ip-192-168-${k}-17-application.var.log.containers.${pod}_eks-work_backend-app-${k}.log`, events);
  }
}

function run(command: string, env: Record<string, string> = {}): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const child = spawn('bash', ['-o', 'pipefail', '-c', command], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - started, stdout }) : reject(new Error(`${command} failed (exit ${code})`)))));
}

/** The AWS CLI: start the same query, wait for Complete, then time get-query-results printed as rows through jq. */
async function awsCliRows(bench: BenchConsole, startTime: number, endTime: number, dir: string): Promise<{ ms: number; rows: number }> {
  const env = sandboxAwsEnv(bench.sandbox.aws);
  const cli = `aws logs --endpoint-url ${env.AWS_ENDPOINT_URL} --region ${env.AWS_REGION}`;
  const started = await run(`${cli} start-query --log-group-name ${APPLICATION} --start-time ${startTime} --end-time ${endTime} --query-string '${QUERY}' --output text`, env);
  const id = started.stdout.trim();
  for (;;) {
    const status = (await run(`${cli} describe-queries --log-group-name ${APPLICATION} --query 'queries[?queryId==\`${id}\`].status' --output text`, env)).stdout.trim();
    if (status === 'Complete') break;
    if (!['Scheduled', 'Running'].includes(status)) throw new Error(`the AWS CLI's query ended ${status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const file = path.join(dir, 'cli-rows.tsv');
  const printed = await run(`${cli} get-query-results --query-id ${id} --output json | jq -r '.results[] | map(.value) | @tsv' > ${file} && wc -l < ${file}`, env);
  return { ms: printed.ms, rows: Number(printed.stdout.trim()) };
}

/** In-page marks: the status turning Complete, the rows drawn, long tasks. A string: the bench's transform would name inner functions with a helper the page lacks. */
const MARKS = `
  const marks = { longTasks: [] };
  window.logMarks = marks;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) marks.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    const status = document.querySelector('[data-testid="query-status"]')?.textContent;
    if (marks.complete === undefined && status === 'Complete') marks.complete = performance.now();
    const count = document.querySelector('[data-testid="row-count"]')?.textContent ?? '';
    const row = document.querySelector('[role="table"][aria-label="Query results"] [role="row"][data-index="0"] [role="cell"]');
    if (marks.complete !== undefined && marks.first === undefined && row && row.textContent) marks.first = performance.now();
    if (marks.first !== undefined && count === '${ROWS.toLocaleString('en-US')} rows') marks.rows = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

/** Pixels of the table's viewport (below its header) that no drawn row covers; a pixel of rounding at an edge is not a gap. */
const BLANK_PIXELS = `(() => {
  const table = document.querySelector('[role="table"][aria-label="Query results"]');
  const view = table.getBoundingClientRect();
  const top = table.querySelector('[role="row"]').getBoundingClientRect().bottom;
  const bottom = Math.min(view.bottom, top + table.scrollHeight - table.scrollTop);
  const rows = [...table.querySelectorAll('[role="row"][data-index]')].map((r) => r.getBoundingClientRect()).filter((r) => r.bottom > top && r.top < bottom).sort((a, b) => a.top - b.top);
  let covered = top;
  let blank = 0;
  for (const r of rows) {
    if (r.top > covered + 1) blank += r.top - covered;
    covered = Math.max(covered, r.bottom);
  }
  if (bottom > covered + 1) blank += bottom - covered;
  return Math.round(blank);
})()`;

/** Frame-to-frame times while `action` runs, and the blank pixels seen at each frame. */
async function framesDuring(page: Page, action: () => Promise<void>): Promise<{ frames: number[]; blankFrames: number; worstBlank: number }> {
  await page.evaluate(`(() => {
    const f = { times: [], blanks: [] };
    window.frameLog = f;
    const tick = (t) => { f.times.push(t); f.blanks.push(${BLANK_PIXELS}); if (!f.stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await action();
  await page.waitForTimeout(300);
  const { times, blanks } = (await page.evaluate(`(() => { window.frameLog.stop = true; return window.frameLog; })()`)) as { times: number[]; blanks: number[] };
  const frames = times.slice(1).map((t, i) => t - times[i]);
  return { frames, blankFrames: blanks.filter((b) => b > 0).length, worstBlank: Math.max(0, ...blanks) };
}

async function measure(bench: BenchConsole): Promise<void> {
  const { page, context, base, cookie } = bench;
  const dir = mkdtempSync(path.join(tmpdir(), 'watchdeck-logs-results-'));
  try {
    seed(bench);
    page.on('response', (r) => r.status() >= 400 && console.error(`${r.status()} ${r.request().method()} ${r.url()}`));
    await page.addInitScript(MARKS);
    await page.goto(`/c/${CLUSTER}/logs?${new URLSearchParams({ q: QUERY, range: '1h' })}`);
    await page.getByRole('button', { name: 'Run query' }).waitFor();
    await page.getByText(`Log groups: ${APPLICATION}`).waitFor();
    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/logs/queries') && r.request().method() === 'POST');
    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Run query' }).click();
    const { id } = (await (await started).json()) as { id: string };
    const marks = (await (
      await page.waitForFunction(() => (window as unknown as { logMarks: { rows?: number } }).logMarks.rows !== undefined && (window as unknown as { logMarks: object }).logMarks, undefined, {
        timeout: 300_000,
        polling: 500,
      })
    ).jsonValue()) as { complete: number; first: number; rows: number; longTasks: [number, number][] };
    const wallToRows = Date.now() - clickedAt;
    const last = (await page.evaluate(() => {
      const answers = performance.getEntriesByType('resource').filter((e) => /\/api\/v1\/logs\/queries\/[^/?]+\?/.test(e.name)) as PerformanceResourceTiming[];
      const polls = answers.filter((e) => !e.name.includes('offset='));
      const pages = answers.filter((e) => e.name.includes('offset='));
      const p = polls[polls.length - 1];
      return {
        polls: polls.length,
        requestStart: p.requestStart,
        responseStart: p.responseStart,
        responseEnd: p.responseEnd,
        bytes: p.encodedBodySize,
        pages: pages.map((e) => [Math.round(e.responseEnd - e.requestStart), Math.round(e.responseStart - e.requestStart), e.decodedBodySize]),
      };
    })) as { polls: number; requestStart: number; responseStart: number; responseEnd: number; bytes: number; pages: [number, number, number][] };
    await page.screenshot({ path: path.join(tmpdir(), 'watchdeck-logs-results-loaded.png') });
    const drawLongest = Math.max(0, ...marks.longTasks.filter(([start, d]) => start + d >= last.responseEnd && start <= marks.rows).map(([, d]) => d));

    // The same rows through the console API, exported as the page's Export JSON writes them.
    const response = await fetch(`${base}/api/v1/logs/queries/${id}?cluster=${CLUSTER}`, { headers: { cookie } });
    const state = (await response.json()) as { status: string; results: { field: string; value: string }[][] };
    const rows = state.results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));
    const exported = path.join(dir, 'logs-insights.json');
    writeFileSync(exported, JSON.stringify(rows, null, 2) + '\n');
    // jq's and the page's order: by UTF-16 code units.
    const messages = rows.map((r) => r['@message']).sort();
    const [expectedFirst, expectedLast] = [messages[0], messages.at(-1)!];
    const firstCell = () => page.locator('[role="table"][aria-label="Query results"] [role="row"][data-index="0"] [role="cell"]').nth(1).textContent();
    const before = await firstCell();

    // Sort by @message, ascending: from the click until the first row has changed.
    const header = page.getByRole('columnheader', { name: '@message' });
    await page.evaluate(() => document.addEventListener('pointerdown', () => ((window as unknown as { sortAt: number }).sortAt = performance.now()), { capture: true, once: true }));
    const sortTasksFrom = await page.evaluate(() => performance.now());
    await header.click();
    const sortMs = (await (
      await page.waitForFunction(
        (previous) => {
          const cell = document.querySelectorAll('[role="table"][aria-label="Query results"] [role="row"][data-index="0"] [role="cell"]')[1];
          return cell && cell.textContent !== previous ? performance.now() - (window as unknown as { sortAt: number }).sortAt : 0;
        },
        before,
        { polling: 'raf', timeout: 120_000 },
      )
    ).jsonValue()) as number;
    const sortLongest = (await page.evaluate(
      (from) => Math.max(0, ...(window as unknown as { logMarks: { longTasks: [number, number][] } }).logMarks.longTasks.filter(([start]) => start >= from).map(([, d]) => d)),
      sortTasksFrom,
    )) as number;
    const sortedFirst = await firstCell();
    await page.screenshot({ path: path.join(tmpdir(), 'watchdeck-logs-results-sorted.png') });

    // To the end: the last row (the latest time) drawn after a jump to the bottom.
    const table = page.getByRole('table', { name: 'Query results' });
    const jumpFrom = await page.evaluate(() => performance.now());
    await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const endMs = (await (
      await page.waitForFunction(
        ({ index, from }) => {
          const el = document.querySelector('[role="table"][aria-label="Query results"]')!;
          const row = el.querySelector(`[role="row"][data-index="${index}"]`);
          const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
          return row && atEnd ? performance.now() - from : 0;
        },
        { index: ROWS - 1, from: jumpFrom },
        { polling: 'raf', timeout: 60_000 },
      )
    ).jsonValue()) as number;
    const lastCell = await page
      .locator(`[role="table"][aria-label="Query results"] [role="row"][data-index="${ROWS - 1}"] [role="cell"]`)
      .nth(1)
      .textContent();
    const endBlank = (await page.evaluate(BLANK_PIXELS)) as number;
    await page.screenshot({ path: path.join(tmpdir(), 'watchdeck-logs-results-end.png') });

    // Back to the top, then the wheel through the table: frame times and blank rows while scrolling.
    await table.evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(200);
    const box = (await table.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const wheel = await framesDuring(page, async () => {
      for (let i = 0; i < 60; i++) {
        await page.mouse.wheel(0, 1500);
        await page.waitForTimeout(16);
      }
    });
    // A drag of the scrollbar's thumb, as far in one move as a user can: 40 jumps across the whole table.
    const jumps = await framesDuring(page, async () => {
      for (let i = 1; i <= 40; i++) {
        await table.evaluate((el, f) => (el.scrollTop = f * (el.scrollHeight - el.clientHeight)), i / 40);
        await page.waitForTimeout(16);
      }
    });

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };

    // Baselines.
    const jqSort = await run(`jq -r 'sort_by(."@message") | .[0]."@message"' ${exported}`);
    if (jqSort.stdout.trim() !== expectedFirst) throw new Error(`jq's first message ${jqSort.stdout.trim()} is not ${expectedFirst}`);
    const now = Math.floor(Date.now() / 1000);
    const cli = await awsCliRows(bench, now - 3600, now, dir).catch((error: unknown) => ({ ms: NaN, rows: 0, error: String(error) }));

    const toRows = marks.rows - last.responseEnd;
    console.log(
      [
        `rows in the page: ${(await page.getByTestId('row-count').textContent()) ?? ''}; through the console API: ${rows.length} (${state.status})`,
        `sorted order as jq's: first row ${sortedFirst === expectedFirst ? 'yes' : `no ("${sortedFirst?.slice(0, 60)}…")`}; last row after the jump ${lastCell === expectedLast ? 'yes' : `no ("${lastCell?.slice(0, 60)}…")`}`,
        `Run query → rows drawn: ${s(wallToRows)} (${last.polls} polls; the sandbox runs a query for at least 1 s)`,
        `final poll: ${s(last.responseEnd - last.requestStart)} (server ${s(last.responseStart - last.requestStart)}, ${mib(last.bytes)} over the wire)`,
        `then ${last.pages.length} pages of rows: ${last.pages.map(([total, server, bytes]) => `${s(total)} (server ${s(server)}, ${mib(bytes)})`).join(', ')}`,
        `final poll received → status Complete shown: ${s(marks.complete - last.responseEnd)}; → first rows drawn: ${s(marks.first - last.responseEnd)}; → all ${ROWS.toLocaleString('en-US')} rows in the table: ${s(toRows)}; longest task meanwhile ${drawLongest} ms`,
        `sort ${rows.length} rows by @message: ${s(sortMs)} click → first row sorted; longest task ${sortLongest} ms`,
        `jump to the end: ${s(endMs)} to the last row drawn; blank pixels there: ${endBlank}`,
        `wheel scrolling (60 × 1500 px): ${wheel.frames.length} frames, p50 ${percentile(wheel.frames, 50).toFixed(0)} ms, p95 ${percentile(wheel.frames, 95).toFixed(0)} ms, max ${Math.max(...wheel.frames).toFixed(0)} ms; frames with blank rows: ${wheel.blankFrames} (worst ${wheel.worstBlank} px)`,
        `thumb drag (40 jumps over the table): ${jumps.frames.length} frames, p95 ${percentile(jumps.frames, 95).toFixed(0)} ms, max ${Math.max(...jumps.frames).toFixed(0)} ms; frames with blank rows: ${jumps.blankFrames} (worst ${jumps.worstBlank} px)`,
        `tab JS heap after GC: ${mib(heap.usedSize)} used of ${mib(heap.totalSize)}`,
        `baseline jq sort_by(@message) of the exported JSON: ${s(jqSort.ms)}; ratio page sort / jq: ${(sortMs / jqSort.ms).toFixed(2)}`,
        `baseline aws logs get-query-results | jq rows as TSV: ${s(cli.ms)} for ${cli.rows} rows${'error' in cli ? ` (${cli.error})` : ''}; ratio page (answer → rows drawn) / AWS CLI: ${(toRows / cli.ms).toFixed(2)}`,
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench = await startBenchConsole({ pods: 20, nodes: 2 });
try {
  await measure(bench);
} finally {
  await bench.close();
}
