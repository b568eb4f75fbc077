import 'server-only';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { sql, type Selectable } from 'kysely';
import { logsClient } from '../aws/clients';
import { awsConsoleError } from '../aws/errors';
import { ConsoleError, consoleErrors, type ErrorObject } from '../errors';
import { log } from '../observability/logger';
import { QueryCompileError, type QueryStatistics, type ResultField } from '@/lib/logs-insights';
import { replicaId } from '../replica';
import { store } from '../store';
import type { LogQueriesTable } from '../store/schema';
import { addToLine, blockStarts, heldBy, lineCounts, lockLine, queuedBehind, removeFromLine, retryInLine, takeStartable, type LineTx } from './query-line';
import { QueryRefused, restrictQuery, rowAllowed, type LogAccess } from '@/lib/logs/restrict';

/*
 * The Logs Insights query registry. Queries, their line and their rows are rows of the store
 * (migration 0007), so every replica sharing it answers for every query; only a pod-logs query's
 * evaluation, and the caller's identity it reads with, stay in the process that started it.
 */

export type QueryStatus = 'Queued' | 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';
const FINAL = new Set<QueryStatus>(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);
/** The query has ended: no status follows this one. */
export const isFinalStatus = (status: QueryStatus) => FINAL.has(status);

/** The account's Logs Insights concurrent-query quota (the service's default for standard log groups). */
export const CONCURRENT_QUERIES = Number(process.env.WATCHDECK_LOGS_CONCURRENT_QUERIES) || 100;
/** Logs Insights queries one user (the API server's username on a cluster) may have running or waiting at once. */
export const QUERIES_PER_USER = Number(process.env.WATCHDECK_LOGS_QUERIES_PER_USER) || 20;
/** A query nobody has polled for this long is stopped, so an abandoned tab does not hold a place. */
export const ABANDONED_MS = 30_000;
/** How often the line is swept without waiting for a request, so abandoned queries free their places on time. */
export const SWEEP_MS = 5_000;
/** While others wait, a running query nobody polled for this long is asked for its status by the sweep, so its place frees when it ends. */
const UNPOLLED_MS = 5_000;
/** When a user over QUERIES_PER_USER should try again. */
const RETRY_AFTER_SECONDS = 5;
/** Finished queries are kept this long for their results. */
export const KEEP_MS = 30 * 60_000;
/** After the service refuses a start for the quota (other users of the account), wait this long. */
const QUOTA_BACKOFF_MS = 2_000;
/** How often the replica evaluating a pod-logs query writes its progress, and looks for a stop from another replica. */
export const PROGRESS_MS = 1_000;
/** A pod-logs query whose replica has written nothing for this long ends Failed: that replica has stopped. */
export const RUNNER_TIMEOUT_MS = 10_000;
/** A CloudWatch query a replica took from the line but never got a query id for in this long ends Failed. */
const START_TIMEOUT_MS = 60_000;
/** Rows per row of log_query_rows: a page reads only the chunks it covers. */
const CHUNK_ROWS = 1_000;

export interface QueryOwner {
  /** Who started it (the API server's username), and on which cluster. */
  username: string;
  cluster: string;
}

export interface CloudWatchQueryInput {
  logGroupNames: string[];
  /** Seconds since the epoch, as StartQuery takes them. */
  startTime: number;
  endTime: number;
  queryString: string;
  limit?: number;
}

/**
 * The service's statistics. recordsScanned and bytesScanned count every record of the groups in
 * the range, whatever namespace it is of, so a restricted reader gets null for them.
 */
export interface QueryStats {
  recordsMatched: number;
  recordsScanned: number | null;
  bytesScanned: number | null;
}

/** A query's state as the console API reports it. */
export interface QueryState {
  id: string;
  status: QueryStatus;
  source: 'cloudwatch' | 'pods';
  /** For a waiting query: how many queries are running or ahead of it in line. */
  queuedBehind?: number;
  statistics: QueryStats;
  results: ResultField[][];
  /** While running: only the first RUNNING_ROWS rows are sent. */
  partial?: boolean;
  /** Rows a restricted reader's second check left out (should always be 0). */
  rowsWithheld: number;
  /** The namespaces the query was limited to, or null for a cluster-wide reader. */
  restrictedTo: string[] | null;
  error?: ErrorObject;
}

type QueryRow = Selectable<LogQueriesTable>;

/** What StartQuery is sent for a CloudWatch query, kept with it so any replica can start it. */
interface StartInput {
  input: CloudWatchQueryInput;
  queryString: string;
  offset: number;
}

/** A pod-logs query this process evaluates: the state its run reports into, and what ends the run. */
interface LocalRun {
  state: QueryState;
  abort: AbortController;
  /** Set once the run has ended: its final state being written. */
  ended?: Promise<void>;
}

/** The registry's clock: when queries were last polled, ended, or may start again; tests move it to see what 30 s unpolled does. */
export const queryClock = { now: () => Date.now() };

/** Whose line and share a query counts in: one user on one cluster. */
const ownerKey = (owner: QueryOwner) => `${owner.cluster}\n${owner.username}`;

const holder = globalThis as unknown as { __watchdeckLogQueries?: { local: Map<string, LocalRun>; sweep: ReturnType<typeof setInterval> } };
/** The pod-logs queries this process runs; the first call starts the process's sweep of the shared line. */
function localRuns(): Map<string, LocalRun> {
  if (!holder.__watchdeckLogQueries) {
    const sweeping = setInterval(() => sweep().catch((err: unknown) => log().error({ err }, 'sweeping the Logs Insights queries failed')), SWEEP_MS);
    sweeping.unref?.();
    holder.__watchdeckLogQueries = { local: new Map(), sweep: sweeping };
  }
  return holder.__watchdeckLogQueries.local;
}

async function database() {
  localRuns();
  return (await store()).db;
}

const EMPTY_STATS: QueryStatistics = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };

/** The statistics a reader may see: the scanned figures only for a cluster-wide reader. */
function statsFor(access: LogAccess, s: QueryStatistics): QueryStats {
  return access.clusterWide ? { ...s } : { recordsMatched: s.recordsMatched, recordsScanned: null, bytesScanned: null };
}

/**
 * A compile error located in the user's own text, in the shape StartQuery's MalformedQueryException has,
 * plus line and column, and the code and values a page says it in the reader's language from.
 */
function compileError(e: QueryCompileError): ConsoleError {
  const { message, code, params, start, end, line, column } = e.toJSON();
  return new ConsoleError('AwsError', 400, `MalformedQueryException: ${message}`, undefined, {
    name: 'MalformedQueryException',
    httpStatus: 400,
    members: { queryCompileError: { location: { startCharOffset: start, endCharOffset: end, line, column }, message, code, params } },
  });
}

/** An AWS MalformedQueryException whose offsets point into the text sent; moved back into the user's text, with line and column. */
function awsError(err: unknown, userText: string, offset: number): ConsoleError {
  const mapped = awsConsoleError(err);
  if (!mapped) throw err;
  const location = (mapped.aws?.members?.queryCompileError as { location?: { startCharOffset?: number; endCharOffset?: number } } | undefined)?.location;
  if (mapped.aws?.name === 'MalformedQueryException' && location && typeof location.startCharOffset === 'number') {
    const start = Math.max(0, location.startCharOffset - offset);
    const end = Math.max(start, (location.endCharOffset ?? location.startCharOffset) - offset);
    const e = new QueryCompileError('service', { message: mapped.message.replace(/^MalformedQueryException:\s*/, '') }, start, end, userText);
    return compileError(e);
  }
  return mapped;
}

/** Parses and, for a restricted reader, limits the query; errors as the page shows them. */
export function prepareQuery(text: string, access: LogAccess): { queryString: string; offset: number } {
  try {
    const { queryString, offset } = restrictQuery(text, access);
    return { queryString, offset };
  } catch (e) {
    if (e instanceof QueryCompileError) throw compileError(e);
    if (e instanceof QueryRefused) throw new ConsoleError('Forbidden', 403, e.message);
    throw e;
  }
}

/** The rows a reader may have: a restricted reader's second check, with how many it left out. */
function allowedRows(access: LogAccess, rows: ResultField[][]): { rows: ResultField[][]; withheld: number } {
  const allowed = rows.filter((r) => rowAllowed(r, access));
  return { rows: allowed, withheld: rows.length - allowed.length };
}

/** A query's rows packed for the store: CHUNK_ROWS a chunk, each gzipped JSON. */
interface PackedRows {
  chunks: Uint8Array[];
  count: number;
}

/**
 * Packs rows into chunks as they arrive, a page at a time, so a result of 100,000 rows is never held
 * whole: only the chunk being filled is kept as rows. With `access`, a restricted reader's second
 * check leaves rows out, and counts them.
 */
class RowPacker {
  readonly packed: PackedRows = { chunks: [], count: 0 };
  withheld = 0;
  private filling: ResultField[][] = [];

  constructor(private readonly access?: LogAccess) {}

  async add(rows: ResultField[][]): Promise<void> {
    for (const row of rows) {
      if (this.access && !rowAllowed(row, this.access)) {
        this.withheld++;
        continue;
      }
      this.filling.push(row);
      this.packed.count++;
      if (this.filling.length === CHUNK_ROWS) await this.pack();
    }
  }

  /** Packs what is left; the rows are then all in `packed`. */
  async end(): Promise<PackedRows> {
    if (this.filling.length > 0) await this.pack();
    return this.packed;
  }

  private async pack(): Promise<void> {
    const rows = this.filling;
    this.filling = [];
    this.packed.chunks.push(await gzip(JSON.stringify(rows), { level: 1 }));
  }
}

/** What a query ends with besides its status. */
interface Ending {
  error?: ErrorObject;
  statistics?: QueryStats;
  rowsWithheld?: number;
  /** All its rows, as rows or packed; absent, the rows it had while running are kept. */
  rows?: ResultField[][] | PackedRows;
}

/**
 * Ends a query that has not ended: its status, its rows in chunks, and its place in the line
 * freed, in one transaction. Undefined when another request or replica ended it first.
 */
async function finish(id: string, status: QueryStatus, ending: Ending = {}): Promise<QueryRow | undefined> {
  const db = await database();
  // Packed before the transaction, which holds the line's lock.
  const packed = ending.rows ? await packRows(ending.rows) : undefined;
  return db.transaction().execute(async (tx) => {
    await lockLine(tx);
    const row = await tx
      .updateTable('log_queries')
      .set({
        status,
        finished_ms: queryClock.now(),
        ...(ending.error ? { error: JSON.stringify(ending.error) } : {}),
        ...(ending.statistics ? { statistics: JSON.stringify(ending.statistics) } : {}),
        ...(ending.rowsWithheld !== undefined ? { rows_withheld: ending.rowsWithheld } : {}),
        // Without rows of its own, it keeps those it had while running (at most RUNNING_ROWS), copied below.
        ...(packed ? { result_count: packed.count, running_rows: '[]' } : { result_count: sql<number>`jsonb_array_length(running_rows)` }),
      })
      .where('id', '=', id)
      .where('finished_ms', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    if (packed) await writeRows(tx, id, packed.chunks);
    else await sql`insert into log_query_rows (query_id, chunk, rows) select id, 0, running_rows from log_queries where id = ${id} and result_count > 0`.execute(tx);
    if (row.line) await removeFromLine(tx, id, row.owner_key);
    return row;
  });
}

// On libuv's threads: 100 MB of rows packed or unpacked in the request's own thread would hold up every other request.
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/**
 * The rows in chunks of CHUNK_ROWS, each gzipped: the store holds and moves a tenth or less of the JSON (log lines
 * repeat their metadata), and the embedded database's memory does not grow to take in tens of MB.
 */
async function packRows(rows: ResultField[][] | PackedRows): Promise<PackedRows> {
  if (!Array.isArray(rows)) return rows;
  const packer = new RowPacker();
  await packer.add(rows);
  return packer.end();
}

async function writeRows(tx: LineTx, id: string, packed: Uint8Array[]): Promise<void> {
  const chunks = packed.map((chunk, i) => ({ query_id: id, chunk: i, packed: chunk }));
  // A few chunks per statement keeps each statement small.
  for (let i = 0; i < chunks.length; i += 10)
    await tx
      .insertInto('log_query_rows')
      .values(chunks.slice(i, i + 10))
      .execute();
}

/** Rows of an ended query in the store: from `offset`, at most `limit` of them. */
export interface StoredRows {
  id: string;
  offset: number;
  limit: number;
}

/** Chunks read from the store in one statement, and unpacked side by side on libuv's threads. */
const CHUNKS_READ = 10;

/**
 * Stored rows as JSON, a chunk at a time: each yield is one chunk's rows joined by commas (UTF-8
 * bytes or a string), the array's brackets left to the caller. A chunk the range covers whole goes
 * out as the bytes stored, never decoded nor made objects; only a chunk the range cuts is parsed.
 * At most CHUNKS_READ chunks are held at a time.
 */
export async function* storedRowsJson({ id, offset, limit }: StoredRows): AsyncGenerator<Uint8Array | string> {
  if (limit <= 0) return;
  const first = Math.floor(offset / CHUNK_ROWS);
  const last = Math.floor((offset + limit - 1) / CHUNK_ROWS);
  const db = await database();
  for (let from = first; from <= last; from += CHUNKS_READ) {
    const chunks = await db
      .selectFrom('log_query_rows')
      .select(['chunk', 'rows', 'packed'])
      .where('query_id', '=', id)
      .where('chunk', '>=', from)
      .where('chunk', '<=', Math.min(last, from + CHUNKS_READ - 1))
      .orderBy('chunk')
      .execute();
    // Gzipped JSON, or jsonb as chunks were written before migration 0009.
    const unpacked = chunks.map((c) => (c.packed ? gunzip(c.packed) : Promise.resolve(Buffer.from(JSON.stringify(c.rows)))));
    // Awaited in order below; one that fails after the caller has gone must not count as unhandled.
    for (const u of unpacked) u.catch(() => undefined);
    for (const [i, { chunk: n }] of chunks.entries()) {
      const json = await unpacked[i];
      const start = n === first ? offset - n * CHUNK_ROWS : 0;
      const end = n === last ? offset + limit - n * CHUNK_ROWS : CHUNK_ROWS;
      if (start === 0 && end >= CHUNK_ROWS) {
        // Inside the array's brackets, which are one byte each.
        if (json.length > 2) yield json.subarray(1, -1);
        continue;
      }
      const rows = (JSON.parse(json.toString('utf8')) as ResultField[][]).slice(start, end);
      if (rows.length > 0) yield JSON.stringify(rows).slice(1, -1);
    }
  }
}

/** The stored rows of an ended query from `offset`, at most `limit` of them. */
async function readRows(stored: StoredRows): Promise<ResultField[][]> {
  const runs: string[] = [];
  for await (const run of storedRowsJson(stored)) runs.push(typeof run === 'string' ? run : Buffer.from(run).toString('utf8'));
  return JSON.parse(`[${runs.join(',')}]`) as ResultField[][];
}

async function startOnService(row: QueryRow): Promise<void> {
  const { input, queryString, offset } = row.start as StartInput;
  let queryId: string | undefined;
  try {
    const out = await logsClient().send(
      new StartQueryCommand({
        queryLanguage: 'CWLI',
        logGroupNames: input.logGroupNames,
        startTime: input.startTime,
        endTime: input.endTime,
        queryString,
        ...(input.limit ? { limit: input.limit } : {}),
      }),
    );
    queryId = out.queryId;
  } catch (err) {
    const mapped = awsConsoleError(err);
    if (mapped?.aws?.name === 'LimitExceededException') {
      // Other users of the account hold the quota: wait in line rather than fail.
      const db = await database();
      await db.transaction().execute(async (tx) => {
        await lockLine(tx);
        const still = await tx.selectFrom('log_queries').select('line').where('id', '=', row.id).where('finished_ms', 'is', null).executeTakeFirst();
        if (still?.line) await retryInLine(tx, row.id, row.owner_key);
        await blockStarts(tx, queryClock.now() + QUOTA_BACKOFF_MS);
      });
      return;
    }
    await finish(row.id, 'Failed', { error: awsError(err, input.queryString, offset).toJSON() });
    return;
  }
  const db = await database();
  const started = await db
    .updateTable('log_queries')
    .set({ aws_query_id: queryId ?? null, status: sql<string>`case when status = 'Queued' then 'Scheduled' else status end` })
    .where('id', '=', row.id)
    .returning(['status'])
    .executeTakeFirst();
  // Stopped while the service was starting it: stop it there too.
  if (started?.status === 'Cancelled' && queryId) await stopOnService(queryId);
}

async function stopOnService(awsQueryId: string): Promise<void> {
  try {
    await logsClient().send(new StopQueryCommand({ queryId: awsQueryId }));
  } catch (err) {
    // A query that ended meanwhile cannot be stopped; that is not the caller's problem.
    if (awsConsoleError(err)?.aws?.name !== 'InvalidParameterException') throw err;
  }
}

/** Starts what the line allows, unless the service lately refused a start for the quota. */
async function startWaiting(): Promise<void> {
  const db = await database();
  // Most polls find nobody waiting: that is read without taking the line's lock.
  if (!(await db.selectFrom('log_queries').select('id').where('line', '=', 'waiting').limit(1).executeTakeFirst())) return;
  const now = queryClock.now();
  const rows = await db.transaction().execute(async (tx) => {
    const { blockedUntil } = await lockLine(tx);
    if (now < blockedUntil) return [];
    const ids = await takeStartable(tx, CONCURRENT_QUERIES, now);
    return ids.length > 0 ? tx.selectFrom('log_queries').selectAll().where('id', 'in', ids).execute() : [];
  });
  await Promise.all(rows.map(startOnService));
}

/** Asks the service how a query nobody polls lately is doing, so one that ended frees its place; errors are left for its next poll. */
async function check(row: QueryRow): Promise<void> {
  try {
    await refresh(row);
  } catch {
    // The owner's next poll asks again and gets the error.
  }
}

const logFailure = (what: string) => (err: unknown) => log().error({ err }, `${what} failed`);

/**
 * Any replica's sweep: forgets old queries, stops abandoned ones, ends those whose replica
 * went quiet, notices unpolled ones that ended, and starts what the line allows. Each change
 * is a conditional update, so two replicas sweeping at once do each thing once.
 */
async function sweep(): Promise<void> {
  const db = await database();
  const now = queryClock.now();
  await db
    .deleteFrom('log_queries')
    .where('finished_ms', '<', now - KEEP_MS)
    .execute();
  // Not the rows: a pod-logs query's running rows are up to RUNNING_ROWS of them.
  const unfinished = await db
    .selectFrom('log_queries')
    .select(['id', 'status', 'source', 'owner_key', 'aws_query_id', 'line', 'created_ms', 'last_seen_ms', 'checked_ms', 'claimed_ms', 'heartbeat_ms'])
    .where('finished_ms', 'is', null)
    .execute();
  const waitingOwners = (await db.selectFrom('log_query_lanes').select('owner_key').execute()).map((l) => l.owner_key);
  const due: string[] = [];
  for (const row of unfinished) {
    // A StopQuery that fails must not fail the sweep.
    if (now - row.last_seen_ms > ABANDONED_MS) await cancel(row).catch(logFailure(`stopping abandoned query ${row.id}`));
    else if (row.source === 'pods' && now - (row.heartbeat_ms ?? row.created_ms) > RUNNER_TIMEOUT_MS) {
      await finish(row.id, 'Failed', { error: runnerGone(`has written no progress for ${RUNNER_TIMEOUT_MS / 1000} s`) });
    } else if (row.line === 'running' && !row.aws_query_id && now - (row.claimed_ms ?? now) > START_TIMEOUT_MS) {
      await finish(row.id, 'Failed', { error: consoleErrors.internal('the console replica starting this query stopped before CloudWatch Logs started it; run the query again').toJSON() });
    } else if (row.aws_query_id && waitingOwners.some((o) => o !== row.owner_key) && now - Math.max(row.last_seen_ms, row.checked_ms ?? 0) > UNPOLLED_MS) due.push(row.id);
  }
  if (due.length > 0) {
    // Claimed with the condition again: another replica's sweep may have checked them meanwhile.
    const claimed = await db
      .updateTable('log_queries')
      .set({ checked_ms: now })
      .where('id', 'in', due)
      .where(sql<boolean>`greatest(last_seen_ms, coalesce(checked_ms, 0)) < ${now - UNPOLLED_MS}`)
      .returningAll()
      .execute();
    await Promise.all(claimed.map(check));
  }
  await startWaiting();
}

/** The error a pod-logs query ends with when the replica evaluating it is gone. */
function runnerGone(how: string): ErrorObject {
  return new ConsoleError('Internal', 503, `the console replica running this query over pod logs ${how}; run the query again`).toJSON();
}

/** The refusal for a user who already has QUERIES_PER_USER queries running or waiting. */
function overShare(held: number): ConsoleError {
  return consoleErrors.tooManyRequests(
    `you have ${held} Logs Insights ${held === 1 ? 'query' : 'queries'} running or waiting on this cluster, the most one user may have at once (${QUERIES_PER_USER}); wait for one to finish or cancel one, then start this query again`,
    { max: QUERIES_PER_USER, held, retryAfterSeconds: RETRY_AFTER_SECONDS },
  );
}

function newRow(id: string, owner: QueryOwner, access: LogAccess, source: QueryState['source'], status: QueryStatus) {
  const now = queryClock.now();
  return {
    id,
    cluster: owner.cluster,
    username: owner.username,
    owner_key: ownerKey(owner),
    source,
    status,
    access: JSON.stringify(access),
    statistics: JSON.stringify(statsFor(access, EMPTY_STATS)),
    created_ms: now,
    last_seen_ms: now,
  };
}

/** Queues a CloudWatch Logs Insights query; it starts as soon as the account's quota allows and its owner's turn comes. */
export async function startCloudWatchQuery(owner: QueryOwner, access: LogAccess, input: CloudWatchQueryInput): Promise<QueryState> {
  const { queryString, offset } = prepareQuery(input.queryString, access);
  const id = randomUUID();
  const db = await database();
  await db.transaction().execute(async (tx) => {
    await lockLine(tx);
    const held = await heldBy(tx, ownerKey(owner));
    if (held >= QUERIES_PER_USER) throw overShare(held);
    const start: StartInput = { input, queryString, offset };
    await tx
      .insertInto('log_queries')
      .values({ ...newRow(id, owner, access, 'cloudwatch', 'Queued'), start: JSON.stringify(start) })
      .execute();
    await addToLine(tx, id, ownerKey(owner));
  });
  await startWaiting();
  return view(await rowOf(id));
}

/**
 * Registers a query run inside this process (pod logs); `run` reports into the state it is given
 * and ends it. Its progress is written to the store every PROGRESS_MS for polls on any replica;
 * a stop from another replica is seen there and aborts the run.
 */
export async function startLocalQuery(owner: QueryOwner, run: (state: QueryState, signal: AbortSignal) => Promise<void>): Promise<QueryState> {
  const id = randomUUID();
  const access: LogAccess = { clusterWide: true };
  const db = await database();
  await db
    .insertInto('log_queries')
    .values({ ...newRow(id, owner, access, 'pods', 'Running'), runner: replicaId(), heartbeat_ms: queryClock.now() })
    .execute();
  const state: QueryState = { id, status: 'Running', source: 'pods', statistics: statsFor(access, EMPTY_STATS), results: [], rowsWithheld: 0, restrictedTo: null };
  const local: LocalRun = { state, abort: new AbortController() };
  localRuns().set(id, local);
  const progress = setInterval(() => void writeProgress(id, local), PROGRESS_MS);
  progress.unref?.();
  const end = (status: QueryStatus, error?: ErrorObject) => {
    clearInterval(progress);
    local.ended = finish(id, status, { ...(error ? { error } : {}), statistics: { ...state.statistics }, rows: state.results })
      .then(() => undefined, logFailure(`writing the end of query ${id}`))
      .finally(() => localRuns().delete(id));
  };
  run(state, local.abort.signal).then(
    () => end(local.abort.signal.aborted ? 'Cancelled' : 'Complete'),
    (err: unknown) => {
      const error = err instanceof ConsoleError ? err : consoleErrors.internal(`reading the pods' logs failed: ${(err as Error).message}`);
      end(error.kind === 'QueryTimeout' ? 'Timeout' : 'Failed', error.toJSON());
    },
  );
  return { ...state, results: [] };
}

const writing = new WeakSet<LocalRun>();
const written = new WeakMap<LocalRun, ResultField[][]>();

/** Writes a running pod-logs query's statistics and first rows (only when they changed); a row already ended elsewhere aborts the run. */
async function writeProgress(id: string, local: LocalRun): Promise<void> {
  if (writing.has(local) || local.ended) return;
  writing.add(local);
  try {
    const { results, statistics } = local.state;
    const rowsChanged = written.get(local) !== results;
    const db = await database();
    const row = await db
      .updateTable('log_queries')
      .set({
        statistics: JSON.stringify(statistics),
        heartbeat_ms: queryClock.now(),
        ...(rowsChanged ? { running_rows: JSON.stringify(results.slice(0, RUNNING_ROWS)), result_count: results.length } : {}),
      })
      .where('id', '=', id)
      .where('finished_ms', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) local.abort.abort();
    else written.set(local, results);
  } catch (err) {
    logFailure(`writing the progress of query ${id}`)(err);
  } finally {
    writing.delete(local);
  }
}

/** Pod-logs queries this process is evaluating. */
export function localQueriesRunning(): number {
  return localRuns().size;
}

/** Waits up to `ms` for this process's pod-logs queries to end; those still running then end Failed, saying why. */
export async function endLocalQueries(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (localRuns().size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await Promise.all(
    [...localRuns()].map(async ([id, local]) => {
      local.abort.abort();
      await finish(id, 'Failed', { error: runnerGone('shut down before it finished'), statistics: { ...local.state.statistics }, rows: local.state.results });
      await local.ended;
    }),
  );
}

async function rowOf(id: string): Promise<QueryRow> {
  const db = await database();
  return db.selectFrom('log_queries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function owned(id: string, owner: QueryOwner): Promise<QueryRow> {
  const db = await database();
  const row = await db.selectFrom('log_queries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.username !== owner.username || row.cluster !== owner.cluster) throw notYours(id);
  return row;
}

const notYours = (id: string) => consoleErrors.notFound(`no query "${id}" of yours`);

/** Rows sent with each poll while a query runs; all of them once it has ended. */
export const RUNNING_ROWS = 1000;

/** A page of a query's rows, for answers of up to 100,000 rows read a page at a time. */
export interface QueryPage {
  offset: number;
  limit: number;
}

export type QueryPageState = QueryState & { rowOffset: number; resultCount: number };

/** The state with only the page's rows, saying where they start and how many rows there are in all (so far, while it runs). */
export function pageOf(state: QueryState, page: QueryPage): QueryPageState {
  return { ...state, results: state.results.slice(page.offset, page.offset + page.limit), rowOffset: page.offset, resultCount: state.results.length };
}

/** A query's state, and for an ended query the stored rows its `results` are, left to the caller to read. */
export interface QueryAnswer<S extends QueryState = QueryState> {
  state: S;
  stored?: StoredRows;
}

/** The state as the API reports it, its rows read. */
async function view(row: QueryRow, live?: ResultField[][]): Promise<QueryState>;
async function view(row: QueryRow, live: ResultField[][] | undefined, page: QueryPage): Promise<QueryPageState>;
async function view(row: QueryRow, live?: ResultField[][], page?: QueryPage): Promise<QueryState | QueryPageState> {
  const { state, stored } = await answer(row, live, page);
  return stored ? { ...state, results: await readRows(stored) } : state;
}

/** The state as the API reports it; `live` are the rows just read from the service for a running CloudWatch query. */
async function answer(row: QueryRow, live?: ResultField[][], page?: QueryPage): Promise<QueryAnswer<QueryState | QueryPageState>> {
  const status = row.status as QueryStatus;
  const access = row.access;
  const base: QueryState = {
    id: row.id,
    status,
    source: row.source,
    statistics: row.statistics as QueryStats,
    results: [],
    rowsWithheld: row.rows_withheld,
    restrictedTo: access.clusterWide ? null : access.namespaces,
    ...(row.error ? { error: row.error as ErrorObject } : {}),
  };
  if (FINAL.has(status)) {
    if (!page) return { state: base, stored: { id: row.id, offset: 0, limit: row.result_count } };
    return { state: { ...base, rowOffset: page.offset, resultCount: row.result_count }, stored: { id: row.id, offset: page.offset, limit: Math.min(page.limit, row.result_count - page.offset) } };
  }
  const rows = live ?? (row.running_rows as ResultField[][]);
  const count = live ? live.length : row.result_count;
  const behind = status === 'Queued' ? await (await database()).transaction().execute((tx) => queuedBehind(tx, row.id, row.owner_key)) : undefined;
  const state: QueryState = {
    ...base,
    results: rows.slice(0, RUNNING_ROWS),
    ...(count > RUNNING_ROWS ? { partial: true } : {}),
    ...(behind !== undefined ? { queuedBehind: behind } : {}),
  };
  return { state: page ? pageOf(state, page) : state };
}

/** The most rows one GetQueryResults answer carries; a longer result comes page by page (nextToken). */
const RESULTS_PAGE = 10_000;

/** One GetQueryResults page, its fields' absent members made empty strings in the SDK's own objects rather than in a copy. */
async function resultsPage(queryId: string, maxItems: number, nextToken?: string) {
  const out = await logsClient().send(new GetQueryResultsCommand({ queryId, maxItems, ...(nextToken ? { nextToken } : {}) }));
  const results = out.results ?? [];
  for (const r of results) {
    for (const f of r) {
      f.field ??= '';
      f.value ??= '';
    }
  }
  return { ...out, results: results as ResultField[][] };
}

/**
 * Reads a started CloudWatch query's status, statistics and rows (GetQueryResults) with the
 * query's stored restriction; an ended one is written with its rows. Returns the row as it now
 * stands and, while it runs, the rows read.
 */
async function refresh(row: QueryRow): Promise<{ row: QueryRow; live?: ResultField[][] }> {
  if (!row.aws_query_id || FINAL.has(row.status as QueryStatus)) return { row };
  const queryId = row.aws_query_id;
  // While it runs only RUNNING_ROWS are shown, and one more says there are others; an ended query's rows are read again below, whole.
  const out = await resultsPage(queryId, RUNNING_ROWS + 1);
  const status = (out.status ?? 'Unknown') as QueryStatus;
  const statistics = statsFor(row.access, {
    recordsMatched: out.statistics?.recordsMatched ?? 0,
    recordsScanned: out.statistics?.recordsScanned ?? 0,
    bytesScanned: out.statistics?.bytesScanned ?? 0,
  });
  if (FINAL.has(status)) {
    // Every page, each packed as it arrives and let go (the next one asked for meanwhile): 100,000 rows are never in memory at once.
    const packer = new RowPacker(row.access);
    for (let page = await resultsPage(queryId, RESULTS_PAGE); ;) {
      const next = page.nextToken ? resultsPage(queryId, RESULTS_PAGE, page.nextToken) : undefined;
      // Awaited below, after this page is packed; until then a failure must not count as unhandled.
      next?.catch(() => undefined);
      await packer.add(page.results);
      if (!next) break;
      page = await next;
    }
    // Stopped or ended by another request or replica meanwhile: that answer stands.
    const ended = (await finish(row.id, status, { statistics, rowsWithheld: packer.withheld, rows: await packer.end() })) ?? (await rowOf(row.id));
    await startWaiting();
    return { row: ended };
  }
  const { rows, withheld } = allowedRows(row.access, out.results);
  const db = await database();
  const updated = await db
    .updateTable('log_queries')
    .set({ status, statistics: JSON.stringify(statistics), rows_withheld: withheld })
    .where('id', '=', row.id)
    .where('finished_ms', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return updated ? { row: updated, live: rows } : { row: await rowOf(row.id) };
}

/** The query's status, statistics and rows so far (GetQueryResults for a CloudWatch query), or one page of its rows. */
export async function queryState(id: string, owner: QueryOwner): Promise<QueryState>;
export async function queryState(id: string, owner: QueryOwner, page: QueryPage): Promise<QueryPageState>;
export async function queryState(id: string, owner: QueryOwner, page?: QueryPage): Promise<QueryState | QueryPageState> {
  const { row, live } = await polled(id, owner);
  return page ? view(row, live, page) : view(row, live);
}

/** As queryState, an ended query's rows left in the store for the caller to write out (storedRowsJson). */
export async function queryAnswer(id: string, owner: QueryOwner, page?: QueryPage): Promise<QueryAnswer<QueryState | QueryPageState>> {
  const { row, live } = await polled(id, owner);
  return answer(row, live, page);
}

/** The owner's query as a poll finds it: marked seen, started if its turn has come, and its status read from the service. */
async function polled(id: string, owner: QueryOwner): Promise<{ row: QueryRow; live?: ResultField[][] }> {
  // A run of this process that has just ended is being written: answer with what it wrote.
  await localRuns().get(id)?.ended;
  const db = await database();
  const row = await db
    .updateTable('log_queries')
    .set({ last_seen_ms: queryClock.now() })
    .where('id', '=', id)
    .where('username', '=', owner.username)
    .where('cluster', '=', owner.cluster)
    .returningAll()
    .executeTakeFirst();
  // Someone else's query is as absent as one that never was.
  if (!row) throw notYours(id);
  await startWaiting();
  return refresh(row.status === 'Queued' ? await rowOf(id) : row);
}

/** Ends a query that has not ended, on the service or on the replica evaluating it. */
async function cancel(row: Pick<QueryRow, 'id' | 'status'>): Promise<void> {
  if (FINAL.has(row.status as QueryStatus)) return;
  const local = localRuns().get(row.id);
  local?.abort.abort();
  const ended = await finish(row.id, 'Cancelled', local ? { statistics: { ...local.state.statistics }, rows: local.state.results } : {});
  if (ended?.aws_query_id) await stopOnService(ended.aws_query_id);
}

/** Stops the query (StopQuery), or takes it out of the line if it has not started; a pod-logs query on another replica stops within PROGRESS_MS. */
export async function stopQuery(id: string, owner: QueryOwner): Promise<QueryState> {
  const { state, stored } = await stopQueryAnswer(id, owner);
  return stored ? { ...state, results: await readRows(stored) } : state;
}

/** As stopQuery, the rows it ended with left in the store for the caller to write out (storedRowsJson). */
export async function stopQueryAnswer(id: string, owner: QueryOwner): Promise<QueryAnswer> {
  await cancel(await owned(id, owner));
  await startWaiting();
  return answer(await rowOf(id));
}

/** The line's load, read from the store: queries running on the service (or starting there) and those waiting. */
export async function queryLineCounts(): Promise<{ running: number; waiting: number }> {
  return lineCounts(await database());
}
