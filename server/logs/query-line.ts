import 'server-only';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store';
import { queuedAhead, QueryQueue } from './queue';

/**
 * The account's Logs Insights line as rows of the store, so every replica sees one line: a
 * query's `line` is 'waiting' or 'running' while it holds a place, its `line_seq` orders its
 * owner's lane, and log_query_lanes keeps the lanes' turn order. Every change runs in a
 * transaction that first locks the one log_query_line row, so replicas change it one at a time.
 */
export type LineTx = Transaction<Database>;

const nextSeq = sql<string>`nextval('log_query_line_seq')`;

/** Takes the line's lock for the rest of the transaction; returns when the service may be asked to start queries again. */
export async function lockLine(tx: LineTx): Promise<{ blockedUntil: number }> {
  const row = await sql<{ blocked_until_ms: number }>`select blocked_until_ms from log_query_line where id = 1 for update`.execute(tx);
  return { blockedUntil: row.rows[0]?.blocked_until_ms ?? 0 };
}

export async function blockStarts(tx: LineTx, until: number): Promise<void> {
  await tx.updateTable('log_query_line').set({ blocked_until_ms: until }).where('id', '=', 1).execute();
}

async function waitingIn(tx: LineTx, ownerKey: string): Promise<number> {
  const row = await tx
    .selectFrom('log_queries')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('line', '=', 'waiting')
    .where('owner_key', '=', ownerKey)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Queries an owner has running or waiting. */
export async function heldBy(tx: LineTx, ownerKey: string): Promise<number> {
  const row = await tx
    .selectFrom('log_queries')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('line', 'is not', null)
    .where('owner_key', '=', ownerKey)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Puts a query (already a row) at the end of its owner's lane; a lane with nothing waiting joins the turns at the back. */
export async function addToLine(tx: LineTx, id: string, ownerKey: string): Promise<void> {
  if ((await waitingIn(tx, ownerKey)) === 0) {
    await sql`insert into log_query_lanes (owner_key, turn) values (${ownerKey}, ${nextSeq}) on conflict (owner_key) do update set turn = excluded.turn`.execute(tx);
  }
  await tx
    .updateTable('log_queries')
    .set({ line: 'waiting', line_seq: sql`${nextSeq}` })
    .where('id', '=', id)
    .execute();
}

/** Puts a query the service refused for the quota back at the front: first in its lane, its lane's turn next. */
export async function retryInLine(tx: LineTx, id: string, ownerKey: string): Promise<void> {
  await sql`update log_queries set line = 'waiting', line_seq = (select coalesce(min(line_seq), 0) - 1 from log_queries where line = 'waiting' and owner_key = ${ownerKey}) where id = ${id}`.execute(
    tx,
  );
  await sql`insert into log_query_lanes (owner_key, turn) values (${ownerKey}, (select coalesce(min(turn), 0) - 1 from log_query_lanes)) on conflict (owner_key) do update set turn = excluded.turn`.execute(
    tx,
  );
}

/** Frees a query's place, running or waiting; its lane goes when nothing in it waits. */
export async function removeFromLine(tx: LineTx, id: string, ownerKey: string): Promise<void> {
  await tx.updateTable('log_queries').set({ line: null, line_seq: null }).where('id', '=', id).execute();
  if ((await waitingIn(tx, ownerKey)) === 0) await tx.deleteFrom('log_query_lanes').where('owner_key', '=', ownerKey).execute();
}

/** Running places taken, and each lane's waiting queries in turn order. */
async function laneCounts(tx: LineTx): Promise<{ running: number; lanes: { owner: string; waiting: number }[] }> {
  const running = await tx
    .selectFrom('log_queries')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('line', '=', 'running')
    .executeTakeFirst();
  const lanes = await sql<{ owner_key: string; waiting: string }>`
    select l.owner_key, count(q.id) as waiting from log_query_lanes l
    join log_queries q on q.owner_key = l.owner_key and q.line = 'waiting'
    group by l.owner_key, l.turn order by l.turn`.execute(tx);
  return { running: Number(running?.n ?? 0), lanes: lanes.rows.map((r) => ({ owner: r.owner_key, waiting: Number(r.waiting) })) };
}

/**
 * The queries that may start now, taken a lane at a time in turn (QueryQueue's order) and
 * marked running; the lanes served go to the back of the turns.
 */
export async function takeStartable(tx: LineTx, limit: number, now: number): Promise<string[]> {
  const { running, lanes } = await laneCounts(tx);
  const free = limit - running;
  if (free <= 0 || lanes.length === 0) return [];
  // free + 1 of each lane: taking at most `free`, a lane with more than that never looks empty.
  const items = await sql<{ id: string; owner_key: string }>`
    select id, owner_key from (
      select id, owner_key, line_seq, row_number() over (partition by owner_key order by line_seq) as n
      from log_queries where line = 'waiting') w
    where n <= ${free + 1} order by owner_key, line_seq`.execute(tx);
  const ownerOf = new Map(items.rows.map((r) => [r.id, r.owner_key]));
  const placeholders = Array.from({ length: running }, (_, i) => `running:${i}`);
  const q = QueryQueue.of(
    limit,
    (id: string) => ownerOf.get(id) ?? '',
    placeholders,
    lanes.map((l) => ({ owner: l.owner, items: items.rows.filter((r) => r.owner_key === l.owner).map((r) => r.id) })),
  );
  const started = q.startable();
  if (started.length === 0) return [];
  await tx.updateTable('log_queries').set({ line: 'running', claimed_ms: now }).where('id', 'in', started).execute();
  const order = q.turnOrder();
  const gone = lanes.map((l) => l.owner).filter((o) => !order.includes(o));
  if (gone.length > 0) await tx.deleteFrom('log_query_lanes').where('owner_key', 'in', gone).execute();
  for (const owner of order)
    await tx
      .updateTable('log_query_lanes')
      .set({ turn: sql`${nextSeq}` })
      .where('owner_key', '=', owner)
      .execute();
  return started;
}

/** How many queries are running or ahead of a waiting one; undefined when it is not waiting. */
export async function queuedBehind(tx: LineTx, id: string, ownerKey: string): Promise<number | undefined> {
  const mine = await sql<{ round: string }>`
    select (select count(*) from log_queries o where o.line = 'waiting' and o.owner_key = q.owner_key and o.line_seq < q.line_seq) as round
    from log_queries q where q.id = ${id} and q.line = 'waiting'`.execute(tx);
  if (mine.rows.length === 0) return undefined;
  const { running, lanes } = await laneCounts(tx);
  const at = lanes.findIndex((l) => l.owner === ownerKey);
  if (at < 0) return undefined;
  return queuedAhead(
    running,
    lanes.map((l) => l.waiting),
    at,
    Number(mine.rows[0].round),
  );
}

/** The line's load: queries holding running places, and those waiting. */
export async function lineCounts(tx: LineTx | import('kysely').Kysely<Database>): Promise<{ running: number; waiting: number }> {
  const rows = await tx
    .selectFrom('log_queries')
    .select(['line', (e) => e.fn.countAll<string>().as('n')])
    .where('line', 'is not', null)
    .groupBy('line')
    .execute();
  const count = (line: string) => Number(rows.find((r) => r.line === line)?.n ?? 0);
  return { running: count('running'), waiting: count('waiting') };
}
