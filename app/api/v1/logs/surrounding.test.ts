import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import * as queriesRoute from './queries/route';
import * as queryRoute from './queries/[id]/route';
import * as recordsRoute from './records/route';
import * as surroundingRoute from './records/surrounding/route';

const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
// backend-app's stack trace (sandbox/world/app-logs.ts): seven `\tat` frames from OrderService.findOrder down to Thread.run.
const FRAME = /^\tat [\w.$/]+\([\w]+\.java:\d+\)$/;

let t: SandboxConsole;
beforeAll(async () => {
  t = await startSandboxConsole({ advanceMs: 10 * 60_000 });
}, 120_000);
afterAll(() => t?.close());

interface Line {
  timestamp: number;
  text: string;
  record: boolean;
}

/** The first record's pointer a query finds, run as `user` over the last hour of the container log group. */
async function firstPointer(user: SandboxUserName, queryString: string): Promise<string> {
  const now = Math.floor(t.sandbox.world.nowMs() / 1000);
  const body = { cluster: CLUSTER, queryString, source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] }, startTime: now - 3600, endTime: now };
  const started = await queriesRoute.POST(
    new Request(`http://console.test:3000/api/v1/logs/queries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token(user)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    params({}),
  );
  const { id } = (await started.json()) as { id: string };
  for (let i = 0; i < 400; i++) {
    const state = (await (await queryRoute.GET(t.request(user, `/api/v1/logs/queries/${id}?cluster=${CLUSTER}`), params({ id }))).json()) as {
      status: string;
      results: { field: string; value: string }[][];
    };
    if (state.status === 'Complete') return state.results[0].find((f) => f.field === '@ptr')!.value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the query did not finish');
}

async function surrounding(user: SandboxUserName, query: string): Promise<{ status: number; body: unknown }> {
  const res = await surroundingRoute.GET(t.request(user, `/api/v1/logs/records/surrounding?${query}`), params({}));
  return { status: res.status, body: await res.json() };
}

const TRACE_HEAD = 'filter kubernetes.container_name = "backend-app" and log like /^java.lang.IllegalStateException: Order/ | fields @timestamp | limit 1';

describe('GET /api/v1/logs/records/surrounding', () => {
  it("gives oncall the stack trace around backend-app's exception line: its ERROR line before, its seven frames after, from the same stream", async () => {
    const ptr = await firstPointer('oncall', TRACE_HEAD);
    const { status, body } = await surrounding('oncall', `cluster=${CLUSTER}&ptr=${encodeURIComponent(ptr)}&before=2&after=7`);
    expect(status).toBe(200);
    const { logGroup, logStream, lines } = body as { logGroup: string; logStream: string; lines: Line[] };
    expect(logGroup).toBe(APPLICATION);
    // Fluent Bit's stream name for a container's file: {node}-application.var.log.containers.{pod}_{namespace}_{container}-{id}.log
    expect(logStream).toMatch(/^ip-[\d-]+\.ap-northeast-2\.compute\.internal-application\.var\.log\.containers\.backend-app-[a-z0-9]+-[a-z0-9]+_eks-work_backend-app-[0-9a-f]{64}\.log$/);
    expect(lines).toHaveLength(10);
    expect(lines[0].text).toMatch(/ ERROR 1 --- \[backend-app\] \[nio-8080-exec-\d+\] o\.a\.c\.c\.C\.\[\.\[\.\[\/\]\.\[dispatcherServlet\] +: Servlet\.service\(\) .* with root cause$/);
    expect(lines.slice(1, 3).map((l) => [l.text.replace(/Order \d+/, 'Order N'), l.record])).toEqual([
      ['', false],
      ['java.lang.IllegalStateException: Order N has no customer', true],
    ]);
    const frames = lines.slice(3);
    expect(frames.filter((l) => FRAME.test(l.text) && !l.record)).toHaveLength(7);
    expect([frames[0].text, frames[6].text]).toEqual(['\tat com.example.backend.service.OrderService.findOrder(OrderService.java:87)', '\tat java.base/java.lang.Thread.run(Thread.java:1583)']);
    // Oldest first.
    expect(lines.map((l) => l.timestamp)).toEqual([...lines.map((l) => l.timestamp)].sort((a, b) => a - b));
  });

  it("answers dev's request for lines around an eks-work record exactly as the records route answers the record: not found", async () => {
    const ptr = await firstPointer('oncall', TRACE_HEAD);
    const expected = { error: { kind: 'NotFound', message: 'no log record with this pointer among your namespaces’ records' } };
    const record = await recordsRoute.GET(t.request('dev', `/api/v1/logs/records?cluster=${CLUSTER}&ptr=${encodeURIComponent(ptr)}`), params({}));
    expect({ status: record.status, body: await record.json() }).toEqual({ status: 404, body: expected });
    expect(await surrounding('dev', `cluster=${CLUSTER}&ptr=${encodeURIComponent(ptr)}`)).toEqual({ status: 404, body: expected });
  });

  it("refuses dev naming eks-work's log stream beside a record of dev's own: the stream is only ever the record's", async () => {
    const own = await firstPointer('dev', 'fields @timestamp | limit 1');
    const mine = await surrounding('dev', `cluster=${CLUSTER}&ptr=${encodeURIComponent(own)}&before=3&after=3`);
    expect(mine.status).toBe(200);
    expect((mine.body as { logStream: string }).logStream).toMatch(/_rbac-test-ns_/);
    const oncalls = await surrounding('oncall', `cluster=${CLUSTER}&ptr=${encodeURIComponent(await firstPointer('oncall', TRACE_HEAD))}`);
    const stream = (oncalls.body as { logStream: string }).logStream;
    const named = await surrounding('dev', `cluster=${CLUSTER}&ptr=${encodeURIComponent(own)}&logGroupName=${encodeURIComponent(APPLICATION)}&logStreamName=${encodeURIComponent(stream)}`);
    expect(named.status).toBe(400);
    expect(JSON.stringify(named.body)).not.toContain('eks-work');
    expect(named.body).toEqual({ error: { kind: 'BadRequest', message: 'invalid query: Unrecognized keys: "logGroupName", "logStreamName"' } });
  });

  it.each([
    ['a pointer of 2049 characters', `ptr=${'a'.repeat(2049)}`, 'ptr: Too big: expected string to have <=2048 characters'],
    ['an empty pointer', 'ptr=', 'ptr: Too small: expected string to have >=1 characters'],
    ['101 lines before', 'ptr=x&before=101', 'before: Too big: expected number to be <=100'],
    ['a million lines after', 'ptr=x&after=1000000', 'after: Too big: expected number to be <=100'],
    ['no lines before', 'ptr=x&before=0', 'before: Too small: expected number to be >=1'],
    ['a fraction', 'ptr=x&after=2.5', 'after: Invalid input: expected int, received number'],
    ['a word for a count', 'ptr=x&before=all', 'before: Invalid input: expected number, received NaN'],
  ])('answers %s with a 400 that says why', async (_, query, reason) => {
    expect(await surrounding('dev', `cluster=${CLUSTER}&${query}`)).toEqual({ status: 400, body: { error: { kind: 'BadRequest', message: `invalid query: ${reason}` } } });
  });
});
