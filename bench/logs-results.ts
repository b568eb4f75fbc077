/**
 * The Logs page's results table at 100,000 rows, in headless chromium: a sandbox whose container
 * log group is seeded with 100,500 Container-Insights-shaped events over the last 50 minutes, and
 * `fields @timestamp, @message | limit 100000` run from the page as a user runs it. Measured: the
 * final GetQueryResults answer's arrival to the rows drawn, sorting the 100,000 rows by @message,
 * jumping to the end and scrolling through with the wheel (frame times, blank rows), the tab's JS
 * heap, and the console server's resident memory (peak since it started). Baselines in the same run, each doing the page's work from the same starting point: the AWS
 * CLI running the same query (start-query, describe-queries every 500 ms as the page polls,
 * get-query-results 10,000 rows at a time with --next-token, printed as rows through jq), timed from the run asked for to the rows out as the
 * page is; and jq sorting the rows as the page exports them (JSON), less jq's parse of the same file,
 * since the page sorts rows it already holds. The page and each baseline take turns RUNS times after
 * one warm-up each; every sample is printed and the ratios compare best with best.
 * The console runs as `npm start` runs it (production build, made when stale), signed in as admin.
 *
 *   npx tsx bench/logs-results.ts [rows=100000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sandboxAwsEnv } from '../sandbox/index';
import { readPeakRss, readRss, startBenchConsole, type BenchConsole } from './pods-page';
import { samplesLine, timedProcessAsync, type ProcessSample } from './timed-process';

const ROWS = Number(process.argv[2] ?? 100_000);
/** More events than the query's limit, so the limit is what cuts the rows. */
const EVENTS = ROWS + 500;
const STREAMS = 10;
const CLUSTER = 'eks-work-cluster';
const APPLICATION = `/aws/containerinsights/${CLUSTER}/application`;
const QUERY = `fields @timestamp, @message | limit ${ROWS}`;
/** A result row's cells: the expand button, @timestamp, @message; the @message one is what is sorted. */
const MESSAGE_CELL = 2;
/** Timed runs of the page and of each baseline, after one warm-up each. */
const RUNS = 3;
/** The page's poll interval (components/api/queries/logs-insights.ts), which the AWS CLI's run polls at too. */
const POLL_MS = 500;

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

/** The AWS CLI runs the query as the page does, timed from before start-query to the rows printed; CPU is every process's. */
async function awsCliRun(bench: BenchConsole, dir: string): Promise<ProcessSample & { rows: number }> {
  const env = { ...process.env, ...sandboxAwsEnv(bench.sandbox.aws) };
  const cli = `aws logs --endpoint-url ${env.AWS_ENDPOINT_URL} --region ${env.AWS_REGION}`;
  const file = path.join(dir, 'cli-rows.tsv');
  let cpuMs = 0;
  const step = async (script: string) => {
    const r = await timedProcessAsync(script, [], env);
    cpuMs += r.cpuMs;
    return r.stdout.trim();
  };
  const started = performance.now();
  const now = Math.floor(Date.now() / 1000);
  const id = await step(`${cli} start-query --log-group-name ${APPLICATION} --start-time ${now - 3600} --end-time ${now} --query-string '${QUERY}' --output text`);
  for (;;) {
    const status = await step(`${cli} describe-queries --log-group-name ${APPLICATION} --query 'queries[?queryId==\`${id}\`].status' --output text`);
    if (status === 'Complete') break;
    if (!['Scheduled', 'Running'].includes(status)) throw new Error(`the AWS CLI's query ended ${status}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  // 10,000 rows an answer, the rest with --next-token (this CLI has no paginator for get-query-results).
  const page = path.join(dir, 'cli-page.json');
  await step(`: > ${file}`);
  for (let token = ''; ;) {
    token = await step(
      `${cli} get-query-results --query-id ${id}${token ? ` --next-token ${token}` : ''} --output json > ${page} && jq -r '.results[] | map(.value) | @tsv' ${page} >> ${file} && jq -r '.nextToken // empty' ${page}`,
    );
    if (!token) break;
  }
  const rows = Number(await step(`wc -l < ${file}`));
  return { ms: performance.now() - started, cpuMs, stdout: '', rows };
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
    const row = document.querySelectorAll('[role="table"][aria-label="Query results"] [role="row"][data-index="0"] [role="cell"]')[${MESSAGE_CELL}];
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

interface PageRun {
  /** Run query's click to every row in the table, on the page's clock. */
  runMs: number;
  /** The click on the @message header to the first row sorted. */
  sortMs: number;
  sortLongest: number;
  drawLongest: number;
  sortedFirst: string | null;
  id: string;
  marks: { complete: number; first: number; rows: number };
  last: { polls: number; requestStart: number; responseStart: number; responseEnd: number; bytes: number; pages: [number, number, number][] };
}

const firstCellOf = (page: Page) => page.locator('[role="table"][aria-label="Query results"] [role="row"][data-index="0"] [role="cell"]').nth(MESSAGE_CELL).textContent();

/** The page from a fresh load: Run query until every row is in the table, then a sort by @message. */
async function pageRun(page: Page): Promise<PageRun> {
  await page.goto(`/c/${CLUSTER}/logs?${new URLSearchParams({ q: QUERY, range: '1h' })}`);
  await page.getByRole('button', { name: 'Run query' }).waitFor();
  await page.getByText(`Log groups: ${APPLICATION}`).waitFor();
  const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/logs/queries') && r.request().method() === 'POST');
  await page.evaluate(() => document.addEventListener('pointerdown', () => ((window as unknown as { runAt: number }).runAt = performance.now()), { capture: true, once: true }));
  await page.getByRole('button', { name: 'Run query' }).click();
  const { id } = (await (await started).json()) as { id: string };
  const marks = (await (
    await page.waitForFunction(() => (window as unknown as { logMarks: { rows?: number } }).logMarks.rows !== undefined && (window as unknown as { logMarks: object }).logMarks, undefined, {
      timeout: 300_000,
      polling: 500,
    })
  ).jsonValue()) as { complete: number; first: number; rows: number; longTasks: [number, number][] };
  const runAt = (await page.evaluate(() => (window as unknown as { runAt: number }).runAt)) as number;
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
  })) as PageRun['last'];
  const drawLongest = Math.max(0, ...marks.longTasks.filter(([start, d]) => start + d >= last.responseEnd && start <= marks.rows).map(([, d]) => d));
  const before = await firstCellOf(page);

  // Sort by @message, ascending: from the click until the first row has changed.
  const header = page.getByRole('columnheader', { name: '@message' });
  await page.evaluate(() => document.addEventListener('pointerdown', () => ((window as unknown as { sortAt: number }).sortAt = performance.now()), { capture: true, once: true }));
  const sortTasksFrom = await page.evaluate(() => performance.now());
  await header.click();
  const sortMs = (await (
    await page.waitForFunction(
      ({ previous, index }) => {
        const cell = document.querySelectorAll('[role="table"][aria-label="Query results"] [role="row"][data-index="0"] [role="cell"]')[index];
        return cell && cell.textContent !== previous ? performance.now() - (window as unknown as { sortAt: number }).sortAt : 0;
      },
      { previous: before, index: MESSAGE_CELL },
      { polling: 'raf', timeout: 120_000 },
    )
  ).jsonValue()) as number;
  const sortLongest = (await page.evaluate(
    (from) => Math.max(0, ...(window as unknown as { logMarks: { longTasks: [number, number][] } }).logMarks.longTasks.filter(([start]) => start >= from).map(([, d]) => d)),
    sortTasksFrom,
  )) as number;
  return { runMs: marks.rows - runAt, sortMs, sortLongest, drawLongest, sortedFirst: await firstCellOf(page), id, marks, last };
}

async function measure(bench: BenchConsole): Promise<void> {
  const { page, context, base, cookie } = bench;
  const dir = mkdtempSync(path.join(tmpdir(), 'watchdeck-logs-results-'));
  try {
    seed(bench);
    page.on('response', (r) => r.status() >= 400 && console.error(`${r.status()} ${r.request().method()} ${r.url()}`));
    await page.addInitScript(MARKS);

    // Warm-up of each side: the console's routes compiled and the page's code loaded; the CLI's and jq's files in the page cache.
    const warm = await pageRun(page);
    // The same rows through the console API, exported as the page's Export JSON writes them: what jq sorts.
    const response = await fetch(`${base}/api/v1/logs/queries/${warm.id}?cluster=${CLUSTER}`, { headers: { cookie } });
    const state = (await response.json()) as { status: string; results: { field: string; value: string }[][] };
    const rows = state.results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));
    const exported = path.join(dir, 'logs-insights.json');
    writeFileSync(exported, JSON.stringify(rows, null, 2) + '\n');
    // jq's and the page's order: by UTF-16 code units.
    const messages = rows.map((r) => r['@message']).sort();
    const [expectedFirst, expectedLast] = [messages[0], messages.at(-1)!];
    const jqParse = () => timedProcessAsync(`jq -r '.[0]."@message"' ${exported}`);
    const jqSort = async () => {
      const r = await timedProcessAsync(`jq -r 'sort_by(."@message") | .[0]."@message"' ${exported}`);
      if (r.stdout.trim() !== expectedFirst) throw new Error(`jq's first message ${r.stdout.trim()} is not ${expectedFirst}`);
      return r;
    };
    const cliRun = () => awsCliRun(bench, dir).catch((error: unknown) => ({ ms: NaN, cpuMs: NaN, stdout: '', rows: 0, error: String(error) }));
    await cliRun();
    await jqParse();
    await jqSort();

    // Turns, so that the machine's drift over the run falls on every side alike.
    const pageRuns: PageRun[] = [];
    const cliRuns: (ProcessSample & { rows: number; error?: string })[] = [];
    const parses: ProcessSample[] = [];
    const sorts: ProcessSample[] = [];
    for (let i = 0; i < RUNS; i++) {
      pageRuns.push(await pageRun(page));
      cliRuns.push(await cliRun());
      parses.push(await jqParse());
      sorts.push(await jqSort());
    }
    const latest = pageRuns.at(-1)!;
    const { marks, last } = latest;
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
      .nth(MESSAGE_CELL)
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

    const best = (values: number[]) => Math.min(...values);
    const pageBest = best(pageRuns.map((r) => r.runMs));
    const pageSort = best(pageRuns.map((r) => r.sortMs));
    const cli = best(cliRuns.map((r) => r.ms));
    // jq parses the file before it sorts; the page sorts rows it holds: jq's sort alone is the difference of the bests.
    const jqSortOnly = best(sorts.map((r) => r.ms)) - best(parses.map((r) => r.ms));
    const cliError = cliRuns.find((r) => r.error)?.error;
    console.log(
      [
        `rows in the page: ${(await page.getByTestId('row-count').textContent()) ?? ''}; through the console API: ${rows.length} (${state.status})`,
        `sorted order as jq's: first row ${latest.sortedFirst === expectedFirst ? 'yes' : `no ("${latest.sortedFirst?.slice(0, 60)}…")`}; last row after the jump ${lastCell === expectedLast ? 'yes' : `no ("${lastCell?.slice(0, 60)}…")`}`,
        samplesLine(
          `page: Run query → all ${ROWS.toLocaleString('en-US')} rows in the table (${RUNS} runs after a warm-up)`,
          pageRuns.map((r) => ({ ms: r.runMs })),
        ),
        samplesLine(
          `AWS CLI: start-query → describe-queries every ${POLL_MS} ms → get-query-results page by page | jq rows as TSV (${RUNS} runs after a warm-up; ${cliRuns.map((r) => r.rows).join(', ')} rows)`,
          cliRuns,
        ),
        `ratio page / AWS CLI, run asked → rows out (best of ${RUNS} each): ${(pageBest / cli).toFixed(2)}${cliError ? ` (${cliError})` : ''}`,
        `last run: ${last.polls} polls (the sandbox runs a query for at least 1 s); final poll ${s(last.responseEnd - last.requestStart)} (server ${s(last.responseStart - last.requestStart)}, ${mib(last.bytes)} over the wire)`,
        `then ${last.pages.length} pages of rows: ${last.pages.map(([total, server, bytes]) => `${s(total)} (server ${s(server)}, ${mib(bytes)})`).join(', ')}`,
        `final poll received → status Complete shown: ${s(marks.complete - last.responseEnd)}; → first rows drawn: ${s(marks.first - last.responseEnd)}; → all rows in the table: ${s(marks.rows - last.responseEnd)}; longest task meanwhile ${latest.drawLongest} ms`,
        samplesLine(
          `page: sort ${rows.length} rows by @message, click → first row sorted`,
          pageRuns.map((r) => ({ ms: r.sortMs })),
        ) + `; longest task ${pageRuns.map((r) => r.sortLongest).join(', ')} ms`,
        samplesLine(`jq sort_by(@message) of the exported JSON, spawn to exit`, sorts),
        samplesLine(`jq parsing the same file and printing its first row, spawn to exit`, parses),
        `ratio page sort / jq sort alone (best sort − best parse, ${s(jqSortOnly)}): ${(pageSort / jqSortOnly).toFixed(2)}`,
        `jump to the end: ${s(endMs)} to the last row drawn; blank pixels there: ${endBlank}`,
        `wheel scrolling (60 × 1500 px): ${wheel.frames.length} frames, p50 ${percentile(wheel.frames, 50).toFixed(0)} ms, p95 ${percentile(wheel.frames, 95).toFixed(0)} ms, max ${Math.max(...wheel.frames).toFixed(0)} ms; frames with blank rows: ${wheel.blankFrames} (worst ${wheel.worstBlank} px)`,
        `thumb drag (40 jumps over the table): ${jumps.frames.length} frames, p95 ${percentile(jumps.frames, 95).toFixed(0)} ms, max ${Math.max(...jumps.frames).toFixed(0)} ms; frames with blank rows: ${jumps.blankFrames} (worst ${jumps.worstBlank} px)`,
        `tab JS heap after GC: ${mib(heap.usedSize)} used of ${mib(heap.totalSize)}`,
        // The console started with this bench: its peak covers every run of the 100,000-row query.
        `console server resident memory: ${mib(readRss(bench.console.pid!))} now, peak ${mib(readPeakRss(bench.console.pid!))} (VmHWM, since it started; target under 300 MB = 286 MiB)`,
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
