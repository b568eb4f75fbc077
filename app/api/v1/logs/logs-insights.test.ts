import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_COUNT_QUERY } from '@/lib/logs-insights/seed-queries';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import * as logGroupsRoute from './log-groups/route';
import * as queryRoute from './queries/[id]/route';
import * as queriesRoute from './queries/route';
import * as recordsRoute from './records/route';
import * as savedIdRoute from './saved/[id]/route';
import * as savedRoute from './saved/route';

const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
const DATAPLANE = '/aws/containerinsights/eks-work-cluster/dataplane';
const BY_NAMESPACE = 'stats count(*) as n by kubernetes.namespace_name | sort kubernetes.namespace_name';

let t: SandboxConsole;
beforeAll(async () => {
  t = await startSandboxConsole({ advanceMs: 10 * 60_000 });
}, 120_000);
afterAll(() => t?.close());

type Row = { field: string; value: string }[];
interface State {
  id: string;
  status: string;
  results: Row[];
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
  restrictedTo: string[] | null;
  queuedBehind?: number;
  error?: { kind: string; message: string };
}

function post(user: SandboxUserName, url: string, body: unknown, method = 'POST'): Request {
  return new Request(`http://console.test:3000${url}`, {
    method,
    headers: { authorization: `Bearer ${t.token(user)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function range() {
  const now = Math.floor(t.sandbox.world.nowMs() / 1000);
  return { startTime: now - 3600, endTime: now };
}

async function start(user: SandboxUserName, queryString: string, source: unknown = { kind: 'cloudwatch', logGroupNames: [APPLICATION] }) {
  const res = await queriesRoute.POST(post(user, '/api/v1/logs/queries', { cluster: CLUSTER, queryString, source, ...range() }), params({}));
  return { status: res.status, body: (await res.json()) as State & { error?: { kind: string; message: string; aws?: { name: string; members?: Record<string, unknown> } } } };
}

async function poll(user: SandboxUserName, id: string): Promise<{ status: number; body: State }> {
  const res = await queryRoute.GET(t.request(user, `/api/v1/logs/queries/${id}?cluster=${CLUSTER}`), params({ id }));
  return { status: res.status, body: (await res.json()) as State };
}

async function run(user: SandboxUserName, queryString: string, source?: unknown): Promise<State> {
  const started = await start(user, queryString, source);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  for (let i = 0; i < 400; i++) {
    const { body } = await poll(user, started.body.id);
    if (!['Queued', 'Scheduled', 'Running'].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the query did not finish');
}

const rows = (s: State) => s.results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));

describe('Logs Insights queries over the sandbox CloudWatch Logs', () => {
  it('runs the seeds’ ERROR_COUNT for the last hour as oncall, unrestricted, counting by container', async () => {
    const state = await run('oncall', ERROR_COUNT_QUERY);
    expect(state.status).toBe('Complete');
    expect(state.restrictedTo).toBeNull();
    // The test sandbox (seed 1) after 10 simulated minutes: only backend-app writes WARN or error lines.
    expect(rows(state)).toEqual([{ APP: 'backend-app', ERROR_COUNT: '210' }]);
    expect(state.statistics).toEqual({ recordsMatched: 210, recordsScanned: 2978, bytesScanned: 2213290 });
  });

  it('dev gets exactly the rbac-test-ns counts oncall sees, and no other namespace', async () => {
    const all = rows(await run('oncall', BY_NAMESPACE));
    expect(all.map((r) => r['kubernetes.namespace_name'])).toContain('eks-work');
    const mine = await run('dev', BY_NAMESPACE);
    expect(mine.restrictedTo).toEqual(['rbac-test-ns']);
    expect(rows(mine)).toEqual(all.filter((r) => r['kubernetes.namespace_name'] === 'rbac-test-ns'));
  });

  it('dev cannot obtain a single eks-work record through parse, dedup, unnest, regex, comments or string tricks', async () => {
    for (const q of [
      'parse @message \'"namespace_name":"*"\' as ns | stats count(*) by ns',
      'dedup kubernetes.namespace_name',
      'fields jsonParse(@message) as m | unnest m.kubernetes into k | fields k',
      'filter kubernetes.namespace_name =~ /eks-work/ or @message like /eks-work/ | fields @message, @logStream',
      '# "]\nfilter kubernetes.namespace_name = "eks-work" | fields @message',
      'stats count(*) as n | filter kubernetes.namespace_name = "eks-work"',
      'filter @message not like "\\"] or 1=1 #" | fields @message, `kubernetes.namespace_name`',
    ]) {
      const state = await run('dev', q);
      expect(state.status, q).toBe('Complete');
      expect(JSON.stringify(state.results), q).not.toContain('eks-work');
    }
  });

  it('refuses SOURCE as a compile error located in the user’s own text, not in the restricted text sent', async () => {
    const { status, body } = await start('dev', 'fields @message\n| SOURCE logGroups(namePrefix: ["/aws"])');
    expect(status).toBe(400);
    expect(body.error?.aws?.name).toBe('MalformedQueryException');
    expect(body.error?.aws?.members?.queryCompileError).toMatchObject({ location: { startCharOffset: 45, line: 2, column: 30 } });
  });

  it('refuses a command after dedup other than limit as MalformedQueryException located at that command', async () => {
    // 'fields log\n| dedup log\n| ' is 25 characters (11 + 12 + 2): 'display' spans 25 to 32, line 3, column 3.
    const { status, body } = await start('oncall', 'fields log\n| dedup log\n| display log');
    expect(status).toBe(400);
    const message = "Unexpected command 'display': only limit can follow dedup";
    expect(body.error).toEqual({
      kind: 'AwsError',
      message: `MalformedQueryException: ${message}`,
      aws: {
        name: 'MalformedQueryException',
        httpStatus: 400,
        members: {
          // The code and values the page says the message in the reader's language from (lib/logs-insights/compile-messages.ts).
          queryCompileError: { location: { startCharOffset: 25, endCharOffset: 32, line: 3, column: 3 }, message, code: 'onlyLimitAfterDedup', params: { command: 'display' } },
        },
      },
    });
  });

  it('refuses dev any log group but the cluster’s container logs', async () => {
    const { status, body } = await start('dev', 'fields @message', { kind: 'cloudwatch', logGroupNames: [APPLICATION, DATAPLANE] });
    expect(status).toBe(403);
    expect(body.error).toEqual({
      kind: 'Forbidden',
      message: `you may query only ${APPLICATION}, restricted to your namespaces (rbac-test-ns); not ${DATAPLANE}`,
    });
  });

  it('answers GetLogRecord of an eks-work @ptr to dev as not found, and to oncall with the record', async () => {
    const state = await run('oncall', 'filter kubernetes.namespace_name = "eks-work" | fields @message | limit 1');
    const ptr = rows(state)[0]['@ptr'];
    const asDev = await recordsRoute.GET(t.request('dev', `/api/v1/logs/records?cluster=${CLUSTER}&ptr=${encodeURIComponent(ptr)}`), params({}));
    expect(asDev.status).toBe(404);
    const asOncall = await recordsRoute.GET(t.request('oncall', `/api/v1/logs/records?cluster=${CLUSTER}&ptr=${encodeURIComponent(ptr)}`), params({}));
    expect(asOncall.status).toBe(200);
    expect(((await asOncall.json()) as { record: Record<string, string> }).record['kubernetes.namespace_name']).toBe('eks-work');
  });

  it('pages a finished query’s rows with offset and limit, saying where they start and how many there are', async () => {
    const all = await run('oncall', 'fields @timestamp, @message | sort @timestamp desc | limit 30');
    expect(all.results).toHaveLength(30);
    const res = await queryRoute.GET(t.request('oncall', `/api/v1/logs/queries/${all.id}?cluster=${CLUSTER}&offset=10&limit=5`), params({ id: all.id }));
    const page = (await res.json()) as State & { rowOffset: number; resultCount: number };
    expect({ status: page.status, rowOffset: page.rowOffset, resultCount: page.resultCount }).toEqual({ status: 'Complete', rowOffset: 10, resultCount: 30 });
    expect(page.results).toEqual(all.results.slice(10, 15));
    const first = (await (await queryRoute.GET(t.request('oncall', `/api/v1/logs/queries/${all.id}?cluster=${CLUSTER}&limit=4`), params({ id: all.id }))).json()) as State & { rowOffset: number };
    expect([first.rowOffset, first.results]).toEqual([0, all.results.slice(0, 4)]);
    const bad = await queryRoute.GET(t.request('oncall', `/api/v1/logs/queries/${all.id}?cluster=${CLUSTER}&offset=10`), params({ id: all.id }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('invalid query: offset: offset needs a limit');
  });

  it('keeps a query its owner’s: dev polling or stopping oncall’s query gets 404', async () => {
    const { body } = await start('oncall', 'fields @message | limit 5');
    expect((await poll('dev', body.id)).status).toBe(404);
    const stop = await queryRoute.DELETE(
      new Request(`http://console.test:3000/api/v1/logs/queries/${body.id}?cluster=${CLUSTER}`, { method: 'DELETE', headers: { authorization: `Bearer ${t.token('dev')}` } }),
      params({ id: body.id }),
    );
    expect(stop.status).toBe(404);
  });

  it('cancels a running query with DELETE (StopQuery)', async () => {
    const { body } = await start('oncall', 'fields @message | sort @timestamp asc');
    const stop = await queryRoute.DELETE(
      new Request(`http://console.test:3000/api/v1/logs/queries/${body.id}?cluster=${CLUSTER}`, { method: 'DELETE', headers: { authorization: `Bearer ${t.token('oncall')}` } }),
      params({ id: body.id }),
    );
    expect(stop.status).toBe(200);
    // A CloudWatch query stopped while it runs keeps no rows of its own: the service's are read only once it has ended.
    const stopped = (await stop.json()) as State;
    expect([stopped.status, stopped.results]).toEqual(['Cancelled', []]);
    expect((await poll('oncall', body.id)).body.status).toBe('Cancelled');
  });

  it('lists only the container log group to dev, with the restriction, and every Container Insights group to oncall first', async () => {
    const dev = (await (await logGroupsRoute.GET(t.request('dev', `/api/v1/logs/log-groups?cluster=${CLUSTER}`), params({}))).json()) as {
      logGroups: { name: string }[];
      access: unknown;
    };
    expect(dev.logGroups.map((g) => g.name)).toEqual([APPLICATION]);
    expect(dev.access).toEqual({ clusterWide: false, namespaces: ['rbac-test-ns'], containerLogGroup: APPLICATION, canEditLogGroups: false, canSaveQueries: false });
    const oncall = (await (await logGroupsRoute.GET(t.request('oncall', `/api/v1/logs/log-groups?cluster=${CLUSTER}`), params({}))).json()) as {
      logGroups: { name: string }[];
    };
    expect(oncall.logGroups.slice(0, 4).map((g) => g.name)).toEqual(['application', 'dataplane', 'host', 'performance'].map((g) => `/aws/containerinsights/eks-work-cluster/${g}`));
  });

  it('saves a query as a query definition admin finds again; dev lists it but may neither save nor delete', async () => {
    const name = 'Watchdeck/errors by container';
    const saved = await savedRoute.POST(post('admin', '/api/v1/logs/saved', { cluster: CLUSTER, name, queryString: ERROR_COUNT_QUERY, logGroupNames: [APPLICATION] }), params({}));
    expect(saved.status).toBe(200);
    const created = (await saved.json()) as { id: string; folder: string; title: string };
    expect(created).toMatchObject({ folder: 'Watchdeck', title: 'errors by container' });
    const list = (await (await savedRoute.GET(t.request('dev', `/api/v1/logs/saved?cluster=${CLUSTER}`), params({}))).json()) as { items: { id: string }[]; canSave: boolean };
    expect(list.items.map((d) => d.id)).toContain(created.id);
    expect(list.canSave).toBe(false);
    const refused = await savedRoute.POST(post('dev', '/api/v1/logs/saved', { cluster: CLUSTER, name: 'x', queryString: 'fields @message' }), params({}));
    expect(refused.status).toBe(403);
    const removed = await savedIdRoute.DELETE(
      new Request(`http://console.test:3000/api/v1/logs/saved/${created.id}?cluster=${CLUSTER}`, { method: 'DELETE', headers: { authorization: `Bearer ${t.token('dev')}` } }),
      params({ id: created.id }),
    );
    expect(removed.status).toBe(403);
  });

  it('dev running a saved definition written for eks-work still gets only rbac-test-ns records', async () => {
    const text = 'filter kubernetes.namespace_name = "eks-work" or kubernetes.namespace_name != "" | fields @message, kubernetes.namespace_name';
    const saved = await savedRoute.POST(post('admin', '/api/v1/logs/saved', { cluster: CLUSTER, name: 'all namespaces', queryString: text, logGroupNames: [APPLICATION] }), params({}));
    const { queryString } = (await saved.json()) as { queryString: string };
    const state = await run('dev', queryString);
    expect(state.status).toBe('Complete');
    expect(new Set(rows(state).map((r) => r['kubernetes.namespace_name']))).toEqual(new Set(['rbac-test-ns']));
    expect(JSON.stringify(state.results)).not.toContain('eks-work');
  });

  it('keeps recent queries per user, newest first', async () => {
    await run('dev', 'fields @message | limit 1');
    const res = await queriesRoute.GET(t.request('dev', `/api/v1/logs/queries?cluster=${CLUSTER}`), params({}));
    const { items } = (await res.json()) as { items: { queryString: string }[] };
    expect(items[0].queryString).toBe('fields @message | limit 1');
    const oncall = (await (await queriesRoute.GET(t.request('oncall', `/api/v1/logs/queries?cluster=${CLUSTER}`), params({}))).json()) as { items: { queryString: string }[] };
    expect(oncall.items.map((i) => i.queryString)).not.toContain('fields @message | limit 1');
  });

  it('rejects a cross-site POST without a bearer token (CSRF) and a malformed body', async () => {
    const csrf = await queriesRoute.POST(
      new Request('http://console.test:3000/api/v1/logs/queries', {
        method: 'POST',
        headers: { origin: 'http://evil.test', 'content-type': 'application/json' },
        body: JSON.stringify({ cluster: CLUSTER, queryString: 'fields @message', ...range(), source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } }),
      }),
      params({}),
    );
    expect(csrf.status).toBe(403);
    expect(((await csrf.json()) as { error: { kind: string } }).error.kind).toBe('CsrfRejected');
    const bad = await queriesRoute.POST(
      post('dev', '/api/v1/logs/queries', { cluster: CLUSTER, queryString: 'fields @message', startTime: 10, endTime: 5, source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } }),
      params({}),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('invalid request body: startTime: startTime is after endTime');
  });
});

describe('Logs Insights over live pod logs', () => {
  it('runs the same query over rbac-test-ns pods’ logs read as dev', async () => {
    const state = await run('dev', 'stats count(*) as n by kubernetes.namespace_name', { kind: 'pods', namespace: 'rbac-test-ns', labelSelector: 'app' });
    expect(state.status).toBe('Complete');
    expect(rows(state)).toHaveLength(1);
    expect(rows(state)[0]['kubernetes.namespace_name']).toBe('rbac-test-ns');
    // The lines rbac-test-ns's app pods wrote in the test sandbox's (seed 1) first 10 minutes.
    expect(rows(state)[0].n).toBe('209');
  });

  it('fails with the API server’s 403 for dev in eks-work', async () => {
    const state = await run('dev', 'fields @message', { kind: 'pods', namespace: 'eks-work', labelSelector: 'app=backend-app' });
    expect(state.status).toBe('Failed');
    expect(state.error?.kind).toBe('Status');
    expect(state.error?.message).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  });
});

describe('a CloudWatch result of more than 10,000 rows', () => {
  it('is read 10,000 rows an answer (GetQueryResults nextToken) and kept whole, for each reader only the rows it may see', async () => {
    // 11,000 access lines of a pod in each of eks-work and rbac-test-ns, interleaved, over the last 30 minutes: dev may see the second half.
    const first = t.sandbox.world.nowMs() - 30 * 60_000;
    const line = (namespace: string, i: number) =>
      JSON.stringify({ log: `GET /api/orders/${i} 200`, stream: 'stdout', kubernetes: { pod_name: `paging-app-${namespace}`, namespace_name: namespace, container_name: 'paging-app' } });
    for (const [k, namespace] of ['eks-work', 'rbac-test-ns'].entries()) {
      const events = Array.from({ length: 11_000 }, (_, i) => ({ timestamp: first + i * 100 + k, message: line(namespace, i) }));
      t.sandbox.logs.service.store.put(APPLICATION, `paging-app-${namespace}.log`, events);
    }
    const answered: number[] = [];
    const results = t.sandbox.logs.service.queries.results.bind(t.sandbox.logs.service.queries);
    const spy = vi.spyOn(t.sandbox.logs.service.queries, 'results').mockImplementation((input) => {
      const out = results(input);
      answered.push(out.results.length);
      return out;
    });
    try {
      const query = 'fields kubernetes.namespace_name as ns, log | filter kubernetes.container_name = "paging-app" | sort @timestamp asc | limit 100000';
      const all = await run('oncall', query);
      expect([all.status, all.results.length]).toEqual(['Complete', 22_000]);
      // Sorted by time, the two pods alternate: row 2i is eks-work's line i, row 2i + 1 rbac-test-ns's.
      expect(rows(all).slice(19_998, 20_002)).toEqual(
        [
          { ns: 'eks-work', log: 'GET /api/orders/9999 200' },
          { ns: 'rbac-test-ns', log: 'GET /api/orders/9999 200' },
          { ns: 'eks-work', log: 'GET /api/orders/10000 200' },
          { ns: 'rbac-test-ns', log: 'GET /api/orders/10000 200' },
        ].map((r) => expect.objectContaining(r)),
      );
      // The ended query's pages: 10,000, 10,000 and 2,000 rows; no answer held more.
      expect(answered.slice(-3)).toEqual([10_000, 10_000, 2_000]);
      expect(Math.max(...answered)).toBe(10_000);

      answered.length = 0;
      const dev = await run('dev', query);
      expect([dev.status, dev.results.length, dev.restrictedTo]).toEqual(['Complete', 11_000, ['rbac-test-ns']]);
      expect(rows(dev).every((r) => r.ns === 'rbac-test-ns')).toBe(true);
      expect(
        rows(dev)
          .slice(9_999, 10_001)
          .map((r) => r.log),
      ).toEqual(['GET /api/orders/9999 200', 'GET /api/orders/10000 200']);
      expect(answered.slice(-2)).toEqual([10_000, 1_000]);
      const page = (await (await queryRoute.GET(t.request('dev', `/api/v1/logs/queries/${dev.id}?cluster=${CLUSTER}&offset=9998&limit=4`), params({ id: dev.id }))).json()) as State & {
        resultCount: number;
      };
      expect([page.resultCount, page.results]).toEqual([11_000, dev.results.slice(9_998, 10_002)]);
      // Pages on the store's 1,000-row chunks' seams (written as stored), and past the last row.
      const pageOf = async (offset: number, limit: number) =>
        (await (await queryRoute.GET(t.request('dev', `/api/v1/logs/queries/${dev.id}?cluster=${CLUSTER}&offset=${offset}&limit=${limit}`), params({ id: dev.id }))).json()) as State & {
          rowOffset: number;
          resultCount: number;
        };
      expect((await pageOf(1_000, 2_000)).results).toEqual(dev.results.slice(1_000, 3_000));
      expect((await pageOf(10_500, 20_000)).results).toEqual(dev.results.slice(10_500));
      const past = await pageOf(11_000, 5);
      expect([past.rowOffset, past.resultCount, past.results]).toEqual([11_000, 11_000, []]);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});
