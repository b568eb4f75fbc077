import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import * as queryRoute from './queries/[id]/route';
import * as queriesRoute from './queries/route';

vi.hoisted(() => {
  process.env.WATCHDECK_LOGS_CONCURRENT_QUERIES = '1';
});

const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
let t: SandboxConsole;
beforeAll(async () => {
  t = await startSandboxConsole({ advanceMs: 2 * 60_000 });
}, 120_000);
afterAll(() => t?.close());

interface State {
  id: string;
  status: string;
  queuedBehind?: number;
}

async function start(): Promise<State> {
  const now = Math.floor(t.sandbox.world.nowMs() / 1000);
  const body = { cluster: CLUSTER, queryString: 'fields @message | limit 1', startTime: now - 600, endTime: now, source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } };
  const res = await queriesRoute.POST(
    new Request('http://console.test:3000/api/v1/logs/queries', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token('oncall')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    params({}),
  );
  return (await res.json()) as State;
}

async function stop(id: string): Promise<State> {
  const res = await queryRoute.DELETE(
    new Request(`http://console.test:3000/api/v1/logs/queries/${id}?cluster=${CLUSTER}`, { method: 'DELETE', headers: { authorization: `Bearer ${t.token('oncall')}` } }),
    params({ id }),
  );
  return (await res.json()) as State;
}

async function poll(id: string): Promise<State> {
  return (await (await queryRoute.GET(t.request('oncall', `/api/v1/logs/queries/${id}?cluster=${CLUSTER}`), params({ id }))).json()) as State;
}

describe('the concurrent-query queue (quota of 1)', () => {
  it('queues past the quota, says how many queries each waits behind, and starts the next when one ends', async () => {
    const a = await start();
    const b = await start();
    const c = await start();
    expect([a.status, b.status, c.status]).toEqual(['Scheduled', 'Queued', 'Queued']);
    expect([b.queuedBehind, c.queuedBehind]).toEqual([1, 2]);
    expect((await stop(b.id)).status).toBe('Cancelled');
    expect((await poll(c.id)).queuedBehind).toBe(1);
    expect((await stop(a.id)).status).toBe('Cancelled');
    expect((await poll(c.id)).status).toMatch(/^(Scheduled|Running|Complete)$/);
  });
});
