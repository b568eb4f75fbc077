/**
 * Pod-logs queries in the store, as another replica sees them: a stop written by another replica
 * reaches the run here within PROGRESS_MS, and a query whose replica went quiet ends Failed
 * after RUNNER_TIMEOUT_MS. The other replica is played by writing its rows and changes directly.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { store } from '../store';
import { kubeconfigYaml, useTestConsole, type TestConsole } from '../testing/setup';
import { PROGRESS_MS, queryClock, queryState, RUNNER_TIMEOUT_MS, startLocalQuery, stopQuery, SWEEP_MS } from './queries';

const owner = { username: 'oncall', cluster: 'eks-work-cluster' };
let t: TestConsole;
beforeAll(async () => {
  t = await useTestConsole(kubeconfigYaml({ clusters: [], users: [], contexts: [] }));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

describe('pod-logs queries shared through the store', () => {
  it("answers another user's query id, or the same user's on another cluster, as one that does not exist, and leaves it running", async () => {
    const started = await startLocalQuery(owner, (_state, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())));
    const absent = { kind: 'NotFound', httpStatus: 404, message: `no query "${started.id}" of yours` };
    await expect(queryState(started.id, { username: 'dev', cluster: owner.cluster })).rejects.toMatchObject(absent);
    await expect(stopQuery(started.id, { username: 'oncall', cluster: 'other-cluster' })).rejects.toMatchObject(absent);
    expect((await queryState(started.id, owner)).status).toBe('Running');
    expect((await stopQuery(started.id, owner)).status).toBe('Cancelled');
  });

  it('writes progress for polls on other replicas, and stops within a second when another replica stops it', async () => {
    let aborted: number | undefined;
    const started = await startLocalQuery(owner, (state, signal) => {
      state.statistics = { recordsMatched: 2, recordsScanned: 5, bytesScanned: 100 };
      state.results = [[{ field: 'n', value: '2' }]];
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = Date.now()), resolve())));
    });
    const { db } = await store();
    // What another replica's poll reads: the progress written here.
    await vi.waitFor(
      async () => {
        const row = await db.selectFrom('log_queries').select(['statistics', 'running_rows', 'result_count']).where('id', '=', started.id).executeTakeFirstOrThrow();
        expect(row).toEqual({ statistics: { recordsMatched: 2, recordsScanned: 5, bytesScanned: 100 }, running_rows: [[{ field: 'n', value: '2' }]], result_count: 1 });
      },
      { timeout: 2 * PROGRESS_MS + 500, interval: 50 },
    );
    // Another replica's stop: the row ends Cancelled there.
    const stopped = Date.now();
    await db.updateTable('log_queries').set({ status: 'Cancelled', finished_ms: queryClock.now() }).where('id', '=', started.id).execute();
    await vi.waitFor(() => expect(aborted).toBeDefined(), { timeout: PROGRESS_MS + 500, interval: 20 });
    expect(aborted! - stopped).toBeLessThanOrEqual(PROGRESS_MS + 200);
    expect((await queryState(started.id, owner)).status).toBe('Cancelled');
  });

  it('ends a query Failed, saying why, when the replica running it has written nothing for RUNNER_TIMEOUT_MS', async () => {
    const { db } = await store();
    const now = queryClock.now();
    await db
      .insertInto('log_queries')
      .values({
        id: '2f0c3a4e-9d7b-4c59-8a57-0d5b1f1e2a11',
        cluster: owner.cluster,
        username: owner.username,
        owner_key: `${owner.cluster}\n${owner.username}`,
        source: 'pods',
        status: 'Running',
        access: '{"clusterWide":true}',
        statistics: '{"recordsMatched":7,"recordsScanned":9,"bytesScanned":90}',
        running_rows: '[[{"field":"n","value":"7"}]]',
        result_count: 1,
        created_ms: now,
        last_seen_ms: now,
        runner: 'replica-gone_1',
        heartbeat_ms: now,
      })
      .execute();
    const clock = queryClock.now;
    vi.spyOn(queryClock, 'now').mockImplementation(() => clock() + RUNNER_TIMEOUT_MS + 1_000);
    // Polled meanwhile, so it is not abandoned: only its replica's silence ends it.
    await vi.waitFor(
      async () => {
        const state = await queryState('2f0c3a4e-9d7b-4c59-8a57-0d5b1f1e2a11', owner);
        expect(state.status).toBe('Failed');
        expect(state.error).toEqual({ kind: 'Internal', message: 'the console replica running this query over pod logs has written no progress for 10 s; run the query again' });
        // The rows it had are kept.
        expect(state.results).toEqual([[{ field: 'n', value: '7' }]]);
      },
      { timeout: SWEEP_MS + 2_000, interval: 200 },
    );
  });
});

describe("a finished query's rows in the store", () => {
  /** 2,500 rows of one Container Insights line each: three chunks of CHUNK_ROWS (1,000), the last one short. */
  const rows = Array.from({ length: 2_500 }, (_, i) => [
    { field: '@timestamp', value: `2026-12-07 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000` },
    { field: '@message', value: `{"log":"GET /api/orders/${i} 200","kubernetes":{"pod_name":"backend-app-7c9f8d0b6-x0q2w","namespace_name":"eks-work"}}` },
  ]);

  it('keeps them gzipped, a fraction of their JSON, and reads back any page of them exactly', async () => {
    const started = await startLocalQuery(owner, async (state) => {
      state.results = rows;
    });
    await vi.waitFor(async () => expect((await queryState(started.id, owner)).status).toBe('Complete'), { timeout: 5_000, interval: 20 });
    const { db } = await store();
    const stored = await db.selectFrom('log_query_rows').select(['chunk', 'rows', 'packed']).where('query_id', '=', started.id).orderBy('chunk').execute();
    expect(stored.map((c) => [c.chunk, c.rows, c.packed !== null])).toEqual([
      [0, null, true],
      [1, null, true],
      [2, null, true],
    ]);
    const packedBytes = stored.reduce((sum, c) => sum + c.packed!.byteLength, 0);
    expect(packedBytes).toBeLessThan(JSON.stringify(rows).length / 5);
    // A page across the chunks' seams, and the last rows.
    expect((await queryState(started.id, owner, { offset: 990, limit: 1_020 })).results).toEqual(rows.slice(990, 2_010));
    expect((await queryState(started.id, owner, { offset: 2_400, limit: 1_000 })).results).toEqual(rows.slice(2_400));
  });

  it('still reads chunks stored as jsonb before rows were packed', async () => {
    const started = await startLocalQuery(owner, async (state) => {
      state.results = rows.slice(0, 1_500);
    });
    await vi.waitFor(async () => expect((await queryState(started.id, owner)).status).toBe('Complete'), { timeout: 5_000, interval: 20 });
    const { db } = await store();
    // The second chunk as the store held it before migration 0009.
    await db
      .updateTable('log_query_rows')
      .set({ rows: JSON.stringify(rows.slice(1_000, 1_500)), packed: null })
      .where('query_id', '=', started.id)
      .where('chunk', '=', 1)
      .execute();
    expect((await queryState(started.id, owner, { offset: 900, limit: 600 })).results).toEqual(rows.slice(900, 1_500));
  });
});
