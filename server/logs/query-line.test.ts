/**
 * The store-backed Logs Insights line, as two replicas see it: two connections pools on one
 * PostgreSQL server. The expected orders are QueryQueue's (server/logs/queue.test.ts), which the
 * line in the store must keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { startPostgres, type PostgresServer } from '../store/testing/postgres';
import { addToLine, heldBy, lineCounts, lockLine, queuedBehind, removeFromLine, retryInLine, takeStartable } from './query-line';

let server: PostgresServer;
let a: Store;
let b: Store;
beforeAll(async () => {
  server = await startPostgres();
  a = await openStore({ kind: 'postgres', databaseUrl: server.url });
  b = await openStore({ kind: 'postgres', databaseUrl: server.url });
}, 60_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await server?.stop();
});

/** Items are `<owner>:<name>`, as in QueryQueue's tests. */
const ownerOf = (id: string) => id.split(':')[0];

async function reset(): Promise<void> {
  await a.db.deleteFrom('log_queries').execute();
  await a.db.deleteFrom('log_query_lanes').execute();
}

async function add(s: Store, ...ids: string[]): Promise<void> {
  for (const id of ids) {
    await s.db.transaction().execute(async (tx) => {
      await lockLine(tx);
      await tx
        .insertInto('log_queries')
        .values({
          id,
          cluster: 'c',
          username: ownerOf(id),
          owner_key: ownerOf(id),
          source: 'cloudwatch',
          status: 'Queued',
          access: '{"clusterWide":true}',
          statistics: '{}',
          created_ms: 0,
          last_seen_ms: 0,
        })
        .execute();
      await addToLine(tx, id, ownerOf(id));
    });
  }
}

const startable = (s: Store, limit: number) =>
  s.db.transaction().execute(async (tx) => {
    await lockLine(tx);
    return takeStartable(tx, limit, 0);
  });
const remove = (s: Store, id: string) =>
  s.db.transaction().execute(async (tx) => {
    await lockLine(tx);
    await removeFromLine(tx, id, ownerOf(id));
  });
const retry = (s: Store, id: string) =>
  s.db.transaction().execute(async (tx) => {
    await lockLine(tx);
    await retryInLine(tx, id, ownerOf(id));
  });
const behind = (s: Store, id: string) => s.db.transaction().execute((tx) => queuedBehind(tx, id, ownerOf(id)));

describe('the Logs Insights line in the store, shared by two replicas', () => {
  it("serves the owners' lanes in turn: a hundred waiting queries hold another owner's first back by one turn", async () => {
    await reset();
    await add(a, ...Array.from({ length: 100 }, (_, i) => `dev:${i}`));
    expect(await startable(b, 2)).toEqual(['dev:0', 'dev:1']);
    await add(b, 'oncall:first');
    // Two running, then dev's turn, then oncall's.
    expect(await behind(a, 'oncall:first')).toBe(3);
    expect(await behind(b, 'dev:2')).toBe(2);
    expect(await behind(a, 'dev:3')).toBe(4);
    expect(await behind(a, 'dev:0')).toBeUndefined();
    await remove(a, 'dev:0');
    await remove(b, 'dev:1');
    expect(await startable(a, 2)).toEqual(['dev:2', 'oncall:first']);
    expect(await lineCounts(b.db)).toEqual({ running: 2, waiting: 97 });
  });

  it('alternates between owners and gives a refused query its turn back', async () => {
    await reset();
    await add(a, 'a:1', 'a:2', 'a:3');
    await add(b, 'b:1', 'b:2', 'c:1');
    expect(await startable(a, 4)).toEqual(['a:1', 'b:1', 'c:1', 'a:2']);
    await retry(b, 'c:1');
    expect(await behind(a, 'c:1')).toBe(3);
    await remove(a, 'a:1');
    await remove(b, 'b:1');
    expect(await startable(b, 4)).toEqual(['c:1', 'b:2', 'a:3']);
  });

  it("counts an owner's running and waiting queries, whichever replica added them", async () => {
    await reset();
    await add(a, 'a:1');
    await add(b, 'a:2', 'b:1');
    await startable(a, 1);
    const held = await a.db.transaction().execute(async (tx) => [await heldBy(tx, 'a'), await heldBy(tx, 'b'), await heldBy(tx, 'c')]);
    expect(held).toEqual([2, 1, 0]);
  });

  it('never starts a query twice or more than the line allows when both replicas take from it at once', async () => {
    await reset();
    await add(a, ...['x', 'y', 'z'].flatMap((o) => Array.from({ length: 10 }, (_, i) => `${o}:${i}`)));
    const rounds = await Promise.all(Array.from({ length: 8 }, (_, i) => startable(i % 2 ? a : b, 5)));
    const started = rounds.flat();
    // The limit is 5: exactly five distinct queries, the first of each lane in turn, whichever replica took them.
    expect(started.length).toBe(5);
    expect(new Set(started).size).toBe(5);
    expect([...started].sort()).toEqual(['x:0', 'x:1', 'y:0', 'y:1', 'z:0']);
    expect(await lineCounts(a.db)).toEqual({ running: 5, waiting: 25 });
  });
});
