/**
 * A chaos run: the console (a production build, as `npm start` runs it) on a sandbox behind the fault
 * proxies, three users (admin, oncall, dev) browsing its pages in headless chromium in loops while
 * random faults (seeded) hit the API server and AWS for N seconds; then the faults are cleared and
 * every page is checked. Prints the faults by kind, page loads, errors shown, the recovery time after
 * the last fault, the console's RSS, open descriptors and sockets and the API server connections the
 * proxy counts at rest before, at peak and after, and whether every page ended correct. Prints, does not assert.
 *
 *   npx tsx bench/chaos.ts [seconds=60] [seed=random]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startFaultConsole, type Fault, type FaultConsole, type UserName } from '../e2e/fault-console';
import { isTransient } from '../lib/retry';
import { mulberry32 as generator } from '../sandbox/world/world';
import { chromiumLaunchOptions } from '../scripts/chromium';
import { buildIfStale } from './console-process';

const SECONDS = Number(process.argv[2] ?? 60);
const SEED = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
const CLUSTER = 'eks-work-cluster';
const NAMESPACE: Record<UserName, string> = { admin: 'eks-work', oncall: 'eks-work', dev: 'rbac-test-ns' };
const USERS: UserName[] = ['admin', 'oncall', 'dev'];
/** How long a page may take to settle (its data or its error panel shown) before it counts as stuck. */
const SETTLE_MS = 40_000;
const RECOVERY_LIMIT_MS = 120_000;

const WATCHES = { watch: true };
/** The faults drawn from, each a name (for the tally) and what the proxies are set to. */
const FAULTS: { name: string; set: Partial<Record<'apiServer' | 'aws', Fault[]>> }[] = [
  { name: 'none', set: { apiServer: [], aws: [] } },
  { name: 'apiServer refuse', set: { apiServer: [{ kind: 'refuse' }] } },
  { name: 'apiServer reset', set: { apiServer: [{ kind: 'reset' }] } },
  {
    name: 'apiServer reset watches, then 503 on them',
    set: {
      apiServer: [
        { kind: 'reset', match: WATCHES },
        { kind: 'status', code: 503, match: WATCHES },
      ],
    },
  },
  { name: 'apiServer reset each response after 2 KiB', set: { apiServer: [{ kind: 'reset', afterBytes: 2048 }] } },
  { name: 'apiServer hang', set: { apiServer: [{ kind: 'hang' }] } },
  { name: 'apiServer delay 3 s each way', set: { apiServer: [{ kind: 'delay', ms: 3000, eachWay: true }] } },
  { name: 'apiServer 503', set: { apiServer: [{ kind: 'status', code: 503 }] } },
  { name: 'apiServer 500 on namespaced reads', set: { apiServer: [{ kind: 'status', code: 500, match: { path: '/api/v1/namespaces/', watch: false } }] } },
  { name: 'apiServer 429 Retry-After 5', set: { apiServer: [{ kind: 'status', code: 429, retryAfterSeconds: 5 }] } },
  { name: 'apiServer unknown CA', set: { apiServer: [{ kind: 'certificate', certificate: 'unknownAuthority' }] } },
  { name: 'apiServer expired certificate', set: { apiServer: [{ kind: 'certificate', certificate: 'expired' }] } },
  { name: 'aws ThrottlingException', set: { aws: [{ kind: 'status', code: 429, awsError: 'ThrottlingException' }] } },
  { name: 'aws LimitExceededException on Logs', set: { aws: [{ kind: 'status', code: 429, awsError: 'LimitExceededException', match: { operation: 'Logs_20140328' } }] } },
  { name: 'aws ExpiredTokenException', set: { aws: [{ kind: 'status', code: 400, awsError: 'ExpiredTokenException' }] } },
  { name: 'aws refuse', set: { aws: [{ kind: 'refuse' }] } },
  { name: 'aws delay 2 s', set: { aws: [{ kind: 'delay', ms: 2000 }] } },
];

interface Resources {
  rssMiB: number;
  fds: number;
  sockets: number;
  apiServerConnections: number;
  awsConnections: number;
}

async function resources(f: FaultConsole): Promise<Resources> {
  const pid = f.console.pid!;
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
  const links = fs.readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  });
  const stats = await f.stats();
  return {
    rssMiB: Number(rss) / 1024,
    fds: links.length,
    sockets: links.filter((l) => l.startsWith('socket:')).length,
    apiServerConnections: stats.apiServer.connectionsOpen,
    awsConnections: stats.aws.connectionsOpen,
  };
}

function pages(user: UserName, pod: string | undefined): { name: string; path: string }[] {
  const ns = NAMESPACE[user];
  return [
    { name: 'Overview', path: `/c/${CLUSTER}?namespace=${ns}` },
    { name: 'Pods', path: `/c/${CLUSTER}/pods?namespace=${ns}` },
    ...(pod ? [{ name: 'Pod', path: `/c/${CLUSTER}/pods/${ns}/${pod}?namespace=${ns}` }] : []),
    { name: 'Workloads', path: `/c/${CLUSTER}/workloads?namespace=${ns}` },
    { name: 'Autoscaling', path: `/c/${CLUSTER}/autoscaling?namespace=${ns}` },
    { name: 'Logs', path: `/c/${CLUSTER}/logs?namespace=${ns}` },
    { name: 'Alarms', path: `/c/${CLUSTER}/alarms?namespace=${ns}` },
  ];
}

/** Waits until no skeleton is left in the page's main area (its data or an error panel shown); the kinds of error panels then shown. */
async function settle(page: Page): Promise<{ settled: boolean; kinds: string[] }> {
  const settled = await page
    .waitForFunction(() => !document.querySelector('main [role="status"][aria-label^="Loading"]') && !!document.querySelector('main h1'), undefined, { timeout: SETTLE_MS, polling: 250 })
    .then(
      () => true,
      () => false,
    );
  const kinds = await page.locator('main [role="alert"][data-error-kind]').evaluateAll((els) => els.map((el) => el.getAttribute('data-error-kind') ?? ''));
  return { settled, kinds };
}

async function signIn(browser: Browser, base: string, user: UserName): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 3000 } });
  const page = await context.newPage();
  const session = (await (await page.request.get('/api/v1/auth/session')).json()) as { csrfToken: string };
  // As the sign-in page's button for a sandbox user does.
  const answer = await page.request.post('/api/v1/auth/sign-in', { data: { sandboxUser: user }, headers: { 'X-CSRF-Token': session.csrfToken, Origin: base } });
  if (!answer.ok()) throw new Error(`signing in as ${user} failed: ${answer.status()} ${await answer.text()}`);
  return page;
}

interface Tally {
  loads: number;
  stuck: number;
  errors: Map<string, number>;
}

async function browse(page: Page, user: UserName, f: FaultConsole, until: () => boolean, tally: Tally, random: () => number): Promise<void> {
  while (!until()) {
    const pod = (await f.podNames(user, NAMESPACE[user]).catch(() => []))[0];
    for (const target of pages(user, pod)) {
      if (until()) return;
      await page.goto(target.path).catch(() => undefined);
      if (target.name === 'Pod')
        await page
          .getByLabel('Follow')
          .check({ timeout: 5_000 })
          .catch(() => undefined);
      const { settled, kinds } = await settle(page);
      tally.loads++;
      if (!settled) tally.stuck++;
      for (const kind of kinds) tally.errors.set(kind, (tally.errors.get(kind) ?? 0) + 1);
      await page.waitForTimeout(500 + random() * 1500);
    }
  }
}

/** Whether the Pods page becomes live with exactly the API server's pods, each once, within `withinMs`. */
async function podsBecomeCorrect(page: Page, f: FaultConsole, user: UserName, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await podsCorrect(page, f, user).catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(500);
  }
}

/** Whether the Pods page is live with exactly the API server's pods, each once. */
async function podsCorrect(page: Page, f: FaultConsole, user: UserName): Promise<boolean> {
  const live =
    (await page
      .locator('[data-connection]')
      .getAttribute('data-connection', { timeout: 1_000 })
      .catch(() => null)) === 'live';
  if (!live) return false;
  const cells = await page.getByRole('table', { name: 'Pods' }).locator('tbody tr[aria-rowindex] td:first-child').allInnerTexts();
  const shown = cells.map((text) => text.trim().split(/\s+/)[0]);
  const listed = await f.podNames(user, NAMESPACE[user]);
  return new Set(shown).size === shown.length && JSON.stringify([...shown].sort()) === JSON.stringify(listed);
}

const mib = (n: number) => `${n.toFixed(1)} MiB`;

async function main(): Promise<void> {
  await buildIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-chaos-'));
  const f = await startFaultConsole(dir);
  const browser = await chromium.launch(await chromiumLaunchOptions());
  let sampler: NodeJS.Timeout | undefined;
  try {
    console.log(`chaos: ${SECONDS} s of faults, seed ${SEED}; console at ${f.url} (pid ${f.console.pid})`);
    const random = generator(SEED);
    const users = await Promise.all(USERS.map(async (user) => ({ user, page: await signIn(browser, f.url, user) })));
    // One quiet round over every page (routes compiled, clients made), each user then resting on Pods.
    for (const { user, page } of users) {
      for (const target of pages(user, (await f.podNames(user, NAMESPACE[user]))[0])) {
        await page.goto(target.path);
        await settle(page);
      }
      await page.goto(pages(user, undefined)[1].path);
    }
    await new Promise((r) => setTimeout(r, 5_000));
    const before = await resources(f);

    const tally: Tally = { loads: 0, stuck: 0, errors: new Map() };
    const injected = new Map<string, number>();
    const peak: Resources = { ...before };
    const started = Date.now();
    const end = started + SECONDS * 1000;
    let lastFaultAt = started;
    const browsing = users.map(({ user, page }) => browse(page, user, f, () => Date.now() >= end, tally, generator(SEED + user.length)));
    sampler = setInterval(() => {
      void resources(f).then(
        (r) => {
          for (const key of Object.keys(peak) as (keyof Resources)[]) peak[key] = Math.max(peak[key], r[key]);
        },
        () => undefined,
      );
    }, 1_000);
    while (Date.now() < end) {
      const fault = FAULTS[Math.floor(random() * FAULTS.length)];
      await f.set({ apiServer: [], aws: [], ...fault.set });
      injected.set(fault.name, (injected.get(fault.name) ?? 0) + 1);
      if (fault.name !== 'none') lastFaultAt = Date.now();
      await new Promise((r) => setTimeout(r, Math.min(end - Date.now(), 2_000 + random() * 4_000)));
    }
    await f.clear();
    const clearedAt = Date.now();
    await Promise.all(browsing);

    // Recovery: every user's Pods page live with the API server's rows, with no reload after the first visit.
    const recovered = new Map<UserName, number>();
    await Promise.all(
      users.map(async ({ user, page }) => {
        await page.goto(pages(user, undefined)[1].path);
        if (await podsBecomeCorrect(page, f, user, RECOVERY_LIMIT_MS - (Date.now() - clearedAt))) recovered.set(user, Date.now() - clearedAt);
      }),
    );

    // Every page once more per user: settled, and no panel of an error a later try could fix.
    const leftovers: string[] = [];
    for (const { user, page } of users) {
      for (const target of pages(user, (await f.podNames(user, NAMESPACE[user]))[0])) {
        await page.goto(target.path);
        const { settled, kinds } = await settle(page);
        const transient = kinds.filter((kind) => isTransient({ kind }));
        if (!settled || transient.length) leftovers.push(`${user} ${target.name}: ${settled ? transient.join(', ') : 'still loading'}`);
        // A page just opened lists, then watches: it has a few seconds to become live.
        if (target.name === 'Pods' && !(await podsBecomeCorrect(page, f, user, 15_000))) leftovers.push(`${user} Pods: rows differ from the API server's list or not live`);
      }
    }

    // At rest as before: each user on Pods; then with the browsers gone.
    for (const { user, page } of users) await page.goto(pages(user, undefined)[1].path);
    await new Promise((r) => setTimeout(r, 10_000));
    const after = await resources(f);
    for (const { page } of users) await page.context().close();
    await new Promise((r) => setTimeout(r, 10_000));
    const closed = await resources(f);
    clearInterval(sampler);
    sampler = undefined;

    const byCount = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none';
    const row = (label: string, key: keyof Resources, format: (n: number) => string = String) =>
      `  ${label.padEnd(32)} ${format(before[key]).padStart(10)} ${format(peak[key]).padStart(10)} ${format(after[key]).padStart(10)}   after/before ${(after[key] / Math.max(before[key], 1)).toFixed(2)}; browsers closed ${format(closed[key])}`;
    console.log(
      [
        `seed ${SEED}; ${SECONDS} s of faults, last fault ${((clearedAt - lastFaultAt) / 1000).toFixed(1)} s before they were cleared`,
        `faults injected by kind: ${byCount(injected)}`,
        `page loads: ${tally.loads} (${tally.stuck} not settled within ${SETTLE_MS / 1000} s); errors shown by kind: ${byCount(tally.errors)}`,
        `recovery after the faults were cleared (Pods live with the API server's rows): ${USERS.map((u) => `${u} ${recovered.has(u) ? `${(recovered.get(u)! / 1000).toFixed(1)} s` : `not within ${RECOVERY_LIMIT_MS / 1000} s`}`).join(', ')}`,
        `console resources at rest (each user on Pods, 10 s after) before, at peak (sampled each second from the first fault to the end), after:`,
        row('RSS', 'rssMiB', mib),
        row('open file descriptors', 'fds'),
        row('open sockets', 'sockets'),
        row('API server connections (proxy)', 'apiServerConnections'),
        row('AWS connections (proxy)', 'awsConnections'),
        `every page ended correct: ${leftovers.length === 0 ? 'yes' : `no\n${leftovers.map((l) => `  ${l}`).join('\n')}`}`,
      ].join('\n'),
    );
  } finally {
    clearInterval(sampler);
    await browser.close();
    await f.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
