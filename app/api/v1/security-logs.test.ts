/**
 * Logs Insights against the sandbox, as attacks: one user holding the account's query line, and
 * a reader restricted to rbac-test-ns (dev) learning about other namespaces' records through
 * query statistics, record pointers or log-group sizes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ABANDONED_MS, queryClock, queryLineCounts, SWEEP_MS } from '@/server/logs/queries';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { World } from '@/sandbox/world/world';
import * as logGroupsRoute from './logs/log-groups/route';
import * as queryRoute from './logs/queries/[id]/route';
import * as queriesRoute from './logs/queries/route';
import * as recordsRoute from './logs/records/route';
import * as surroundingRoute from './logs/records/surrounding/route';

vi.hoisted(() => {
  // A line of 10 places, a share of 100 per user, and sandbox queries that run 10 s each, so a
  // query is still running when its place is freed and the line stays full while dev waits.
  process.env.WATCHDECK_LOGS_CONCURRENT_QUERIES = '10';
  process.env.WATCHDECK_LOGS_QUERIES_PER_USER = '100';
  process.env.WATCHDECK_SANDBOX_QUERY_MS = '10000';
});

/** How long a sandbox query runs at least (WATCHDECK_SANDBOX_QUERY_MS above), on `pacing`. */
const QUERY_MS = 10_000;
const ORIGIN = 'http://console.test:3000';
const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
/** The first stage Watchdeck puts before every query of dev's (lib/logs/restrict.ts). */
const DEV_STAGE = 'filter kubernetes.namespace_name in ["rbac-test-ns"]';

type Row = { field: string; value: string }[];
interface State {
  id: string;
  status: string;
  queuedBehind?: number;
  results: Row[];
  statistics: { recordsMatched: number; recordsScanned: number | null; bytesScanned: number | null };
  restrictedTo: string[] | null;
}

/**
 * The clock the sandbox's queries run their 10 s on, a manual one apart from the cluster's: a query
 * ends on the service when a test moves it, and not before, however busy the machine.
 */
const pacing = new World({ mode: 'manual' });

let t: SandboxConsole;
beforeAll(async () => {
  t = await startSandboxConsole({ advanceMs: 10 * 60_000, queryClock: pacing });
}, 120_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

/** The last hour of the world's (manual, so unmoving) clock, in epoch seconds. */
function window() {
  const now = Math.floor(t.sandbox.world.nowMs() / 1000);
  return { startTime: now - 3600, endTime: now };
}

async function start(user: SandboxUserName, queryString: string): Promise<Response> {
  const body = { cluster: CLUSTER, queryString, ...window(), source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } };
  return queriesRoute.POST(
    new Request(`${ORIGIN}/api/v1/logs/queries`, { method: 'POST', headers: { authorization: `Bearer ${t.token(user)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    params({}),
  );
}

async function poll(user: SandboxUserName, id: string): Promise<State> {
  return (await (await queryRoute.GET(t.request(user, `/api/v1/logs/queries/${id}?cluster=${CLUSTER}`), params({ id }))).json()) as State;
}

/** Runs a query to its end, moving `pacing` past its minimum run time once the service has it. */
async function run(user: SandboxUserName, queryString: string): Promise<{ first: State; last: State }> {
  const res = await start(user, queryString);
  const first = (await res.json()) as State;
  expect(res.status, JSON.stringify(first)).toBe(200);
  for (let last = first; ; await new Promise((r) => setTimeout(r, 100))) {
    last = await poll(user, first.id);
    if (['Scheduled', 'Running'].includes(last.status)) pacing.advance(QUERY_MS);
    else if (last.status !== 'Queued') return { first, last };
  }
}

/** Polls `user`'s query until its status is one of `statuses`, within `timeout`. */
async function pollUntil(user: SandboxUserName, id: string, statuses: string[], timeout: number): Promise<State> {
  let last: State | undefined;
  await vi.waitFor(
    async () => {
      last = await poll(user, id);
      expect(statuses).toContain(last.status);
    },
    { timeout, interval: 250 },
  );
  return last!;
}

const engine = () => t.sandbox.logs.service.queries;
/** dev's queries as the sandbox's service knows them (DescribeQueries), by their first stage. */
const devOnService = () =>
  engine()
    .describe({})
    .queries.filter((q) => q.queryString.startsWith(DEV_STAGE));

/** The application group's events in the window, read from the sandbox's store, not through any query. */
function storedEvents(): { namespace: string | undefined; bytes: number }[] {
  const { startTime, endTime } = window();
  const group = t.sandbox.logs.service.store.group(APPLICATION)!;
  const out: { namespace: string | undefined; bytes: number }[] = [];
  for (const stream of group.streams.values()) {
    stream.timestamps.forEach((ts, i) => {
      // StartQuery's range is inclusive of the end second.
      if (ts < startTime * 1000 || ts > endTime * 1000 + 999) return;
      const message = stream.messages[i];
      let namespace: string | undefined;
      try {
        namespace = (JSON.parse(message) as { kubernetes?: { namespace_name?: string } }).kubernetes?.namespace_name;
      } catch {
        namespace = undefined;
      }
      out.push({ namespace, bytes: Buffer.byteLength(message, 'utf8') });
    });
  }
  return out;
}

describe('a fair line for Logs Insights', () => {
  const devIds: string[] = [];
  /**
   * dev's tab polls the queries it still sees waiting, as the page does, so on a busy machine none
   * goes ABANDONED_MS unpolled before the test means it to; the running ones stay unpolled, for the sweep to notice.
   */
  const devStatus = new Map<string, string>();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let round: Promise<unknown> = Promise.resolve();
  const pollWaiting = () => {
    keepAlive = setInterval(() => {
      const waiting = devIds.filter((id) => devStatus.get(id) === 'Queued');
      round = Promise.all(
        waiting.map((id) =>
          poll('dev', id).then(
            (s) => devStatus.set(id, s.status),
            () => {},
          ),
        ),
      );
    }, 5_000);
  };
  /** Stops the polling once its last round has been answered, so no poll lands after the test moves the clock. */
  const stopPolling = async () => {
    clearInterval(keepAlive);
    await round;
  };
  afterAll(stopPolling);

  it("dev's 100 unpolled queries leave oncall's first query one turn behind, and dev's 101st is 429", async () => {
    // Ten at a time, as a tab's browser would send them: a hundred TLS handshakes at once time out on a loaded 2-core machine.
    const answers: Response[] = [];
    for (let i = 0; i < 100; i += 10) answers.push(...(await Promise.all(Array.from({ length: 10 }, () => start('dev', 'fields @message | limit 1')))));
    for (const a of answers) {
      const body = (await a.json()) as State;
      expect(a.status, JSON.stringify(body)).toBe(200);
      devIds.push(body.id);
      devStatus.set(body.id, body.status);
    }
    pollWaiting();
    const refused = await start('dev', 'fields @message | limit 1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    // The share is WATCHDECK_LOGS_QUERIES_PER_USER (100, above), all of it held by the 100 just started.
    expect(await refused.json()).toEqual({
      error: {
        kind: 'TooManyRequests',
        message: 'you have 100 Logs Insights queries running or waiting on this cluster, the most one user may have at once (100); wait for one to finish or cancel one, then start this query again',
        limit: { max: 100, held: 100 },
        retryAfterSeconds: 5,
      },
    });

    const res = await start('oncall', 'stats count(*) as n');
    const first = (await res.json()) as State;
    // The 10 running queries, then dev's one turn; before, every one of dev's 90 waiting ones.
    expect([first.status, first.queuedBehind]).toEqual(['Queued', 11]);
    // dev's first ten end on the service; nobody polls them, so the sweep (every SWEEP_MS) finds it out
    // once they have gone UNPOLLED_MS unpolled, and oncall's query starts: well within 30 s.
    pacing.advance(QUERY_MS);
    await pollUntil('oncall', first.id, ['Scheduled', 'Running'], 30_000);
    pacing.advance(QUERY_MS);
    expect((await pollUntil('oncall', first.id, ['Complete', 'Failed', 'Cancelled', 'Timeout'], 10_000)).status).toBe('Complete');
  }, 90_000);

  it("frees dev's places within the sweep once they go 30 s unpolled, stopping the running ones with StopQuery", async () => {
    // A batch of dev's that has just started on the service, so it is still running when stopped:
    // oncall's waiting query has the sweep notice dev's last batch ended, and the next one starts.
    const seen = new Set(devOnService().map((q) => q.queryId));
    expect((await start('oncall', 'stats count(*) as n')).status).toBe(200);
    // Watched from here: on a loaded machine a sweep may stop one of the next batch before the test has listed it.
    const stop = vi.spyOn(engine(), 'stop');
    // The batch running now ends; the next stays running until the clock moves again, which it does not here.
    pacing.advance(QUERY_MS);
    let fresh: string[] = [];
    await vi.waitFor(
      () => {
        fresh = devOnService()
          .filter((q) => !seen.has(q.queryId) && (q.status === 'Scheduled' || q.status === 'Running'))
          .map((q) => q.queryId);
        expect(fresh.length).toBeGreaterThan(0);
      },
      // The sweep comes every 5 s and asks about queries unpolled for 5 s; the rest is room for a busy machine.
      { timeout: 30_000, interval: 100 },
    );
    await stopPolling();
    const now = queryClock.now;
    vi.spyOn(queryClock, 'now').mockImplementation(() => now() + ABANDONED_MS + 1_000);
    try {
      const abandoned = Date.now();
      // One sweep's wait, and room for that sweep to stop a hundred queries on a loaded machine.
      const within = SWEEP_MS + 5_000;
      await vi.waitFor(async () => expect(await queryLineCounts()).toEqual({ running: 0, waiting: 0 }), { timeout: within, interval: 100 });
      expect(Date.now() - abandoned).toBeLessThan(within);
      // The store marks a query Cancelled before its StopQuery reaches the service: that comes just after.
      await vi.waitFor(
        () => {
          const stopped = stop.mock.calls.map(([input]) => (input as { queryId: string }).queryId);
          for (const id of fresh) expect(stopped).toContain(id);
        },
        { timeout: 5_000, interval: 50 },
      );
      const statusOf = new Map(devOnService().map((q) => [q.queryId, q.status]));
      expect(fresh.map((id) => statusOf.get(id))).toEqual(fresh.map(() => 'Cancelled'));
      expect((await poll('dev', devIds[devIds.length - 1])).status).toBe('Cancelled');
    } finally {
      vi.mocked(queryClock.now).mockRestore();
      stop.mockRestore();
    }
    // Freed: dev starts again at once.
    const again = await start('dev', 'fields @message | limit 1');
    expect([again.status, ((await again.json()) as State).status]).toEqual([200, 'Scheduled']);
  }, 80_000);
});

describe('restricted readers and CloudWatch Logs', () => {
  it("gives dev the records matched among rbac-test-ns's own and no scanned figures; oncall all three", async () => {
    const events = storedEvents();
    const mine = events.filter((e) => e.namespace === 'rbac-test-ns').length;
    expect(mine).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(mine);
    const [dev, oncall] = await Promise.all([run('dev', 'stats count(*) as n'), run('oncall', 'stats count(*) as n')]);
    expect(dev.first.statistics).toEqual({ recordsMatched: 0, recordsScanned: null, bytesScanned: null });
    expect(dev.last.status).toBe('Complete');
    // Expected: the stored rbac-test-ns events of the window, counted above from the sandbox's store.
    expect(dev.last.statistics).toEqual({ recordsMatched: mine, recordsScanned: null, bytesScanned: null });
    expect(dev.last.results).toEqual([[{ field: 'n', value: String(mine) }]]);
    expect(dev.last.restrictedTo).toEqual(['rbac-test-ns']);
    // oncall reads every namespace: every stored event of the window, and their messages' bytes.
    const bytes = events.reduce((n, e) => n + e.bytes, 0);
    expect(oncall.last.statistics).toEqual({ recordsMatched: events.length, recordsScanned: events.length, bytesScanned: bytes });
  }, 60_000);

  it("answers dev's GET of another namespace's @ptr, and of the lines around it, exactly as a pointer to no record", async () => {
    const [admin, dev] = await Promise.all([run('admin', 'filter kubernetes.namespace_name = "eks-work" | fields @message | limit 1'), run('dev', 'fields @message | limit 1')]);
    const ptrOf = (s: State) => s.results[0].find((f) => f.field === '@ptr')!.value;
    const record = async (user: SandboxUserName, ptr: string) => {
      const res = await recordsRoute.GET(t.request(user, `/api/v1/logs/records?cluster=${CLUSTER}&ptr=${encodeURIComponent(ptr)}`), params({}));
      return { status: res.status, body: await res.text() };
    };
    const eksWork = ptrOf(admin.last);
    // A pointer shaped as the sandbox's (base64 of g<group>s<stream>e<seq>) naming no group, and one that is no pointer at all.
    // The lines around a record read the record first under the same rule: the same answer, and no stream's lines.
    const around = async (user: SandboxUserName, ptr: string) => {
      const res = await surroundingRoute.GET(t.request(user, `/api/v1/logs/records/surrounding?cluster=${CLUSTER}&ptr=${encodeURIComponent(ptr)}&before=5&after=5`), params({}));
      return { status: res.status, body: await res.text() };
    };
    const absent = { status: 404, body: JSON.stringify({ error: { kind: 'NotFound', message: 'no log record with this pointer among your namespaces’ records' } }) };
    for (const ptr of [eksWork, btoa('g999s1e1'), 'not-a-pointer']) {
      expect(await record('dev', ptr), ptr).toEqual(absent);
      expect(await around('dev', ptr), ptr).toEqual(absent);
    }
    expect((await around('admin', eksWork)).status).toBe(200);
    // The pointer is a real record: admin gets it, and dev gets one of rbac-test-ns.
    expect(JSON.parse((await record('admin', eksWork)).body).record['kubernetes.namespace_name']).toBe('eks-work');
    expect(JSON.parse((await record('dev', ptrOf(dev.last))).body).record['kubernetes.namespace_name']).toBe('rbac-test-ns');
  }, 60_000);

  it('shows log-group sizes (storedBytes) to oncall and not to dev', async () => {
    const list = async (user: SandboxUserName) =>
      ((await (await logGroupsRoute.GET(t.request(user, `/api/v1/logs/log-groups?cluster=${CLUSTER}`), params({}))).json()) as { logGroups: Record<string, unknown>[] }).logGroups;
    const [dev, oncall] = await Promise.all([list('dev'), list('oncall')]);
    expect(dev.map((g) => g.name)).toEqual([APPLICATION]);
    expect(dev.filter((g) => 'storedBytes' in g)).toEqual([]);
    // The sandbox's own count of the group's bytes, as DescribeLogGroups reports it.
    expect(oncall.find((g) => g.name === APPLICATION)!.storedBytes).toBe(t.sandbox.logs.service.store.group(APPLICATION)!.storedBytes);
  });
});
