import 'server-only';
import { randomUUID } from 'node:crypto';
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logsClient } from '../aws/clients';
import { awsConsoleError } from '../aws/errors';
import { ConsoleError, consoleErrors, type ErrorObject } from '../errors';
import { log } from '../observability/logger';
import { QueryCompileError, type QueryStatistics, type ResultField } from '../logs-insights';
import { QueryQueue } from './queue';
import { QueryRefused, restrictQuery, rowAllowed, type LogAccess } from './restrict';

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
const KEEP_MS = 30 * 60_000;
/** After the service refuses a start for the quota (other users of the account), wait this long. */
const QUOTA_BACKOFF_MS = 2_000;

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

interface Entry {
  id: string;
  owner: QueryOwner;
  state: QueryState;
  access: LogAccess;
  lastSeen: number;
  finishedAt?: number;
  /** CloudWatch: what to start and the service's query id once started. */
  start?: { input: CloudWatchQueryInput; queryString: string; offset: number };
  awsQueryId?: string;
  /** When the sweep last asked the service about it. */
  checkedAt?: number;
  /** Pod logs: ends the reading. */
  abort?: AbortController;
}

interface Registry {
  entries: Map<string, Entry>;
  queue: QueryQueue<Entry>;
  blockedUntil: number;
}

/** The registry's clock: when queries were last polled, ended, or may start again; tests move it to see what 30 s unpolled does. */
export const queryClock = { now: () => Date.now() };

/** Whose line and share a query counts in: one user on one cluster. */
const ownerKey = (owner: QueryOwner) => `${owner.cluster}\n${owner.username}`;

const holder = globalThis as unknown as { __watchdeckLogQueries?: Registry };
function registry(): Registry {
  if (!holder.__watchdeckLogQueries) {
    holder.__watchdeckLogQueries = { entries: new Map(), queue: new QueryQueue<Entry>(CONCURRENT_QUERIES, (e) => ownerKey(e.owner)), blockedUntil: 0 };
    const sweep = setInterval(() => pump().catch((err: unknown) => log().error({ err }, 'sweeping the Logs Insights queries failed')), SWEEP_MS);
    sweep.unref?.();
  }
  return holder.__watchdeckLogQueries;
}

/** The process's Logs Insights queries running and waiting in line, without starting the line (and its sweep) when there is none yet. */
export function queryLineCounts(): { running: number; waiting: number } {
  return holder.__watchdeckLogQueries?.queue.size ?? { running: 0, waiting: 0 };
}

const EMPTY_STATS: QueryStatistics = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };

/** The statistics a reader may see: the scanned figures only for a cluster-wide reader. */
function statsFor(access: LogAccess, s: QueryStatistics): QueryStats {
  return access.clusterWide ? { ...s } : { recordsMatched: s.recordsMatched, recordsScanned: null, bytesScanned: null };
}

/** A compile error located in the user's own text, in the shape StartQuery's MalformedQueryException has, plus line and column. */
export function malformedQuery(message: string, start: number, end: number, line: number, column: number): ConsoleError {
  return new ConsoleError('AwsError', 400, `MalformedQueryException: ${message}`, undefined, {
    name: 'MalformedQueryException',
    httpStatus: 400,
    members: { queryCompileError: { location: { startCharOffset: start, endCharOffset: end, line, column }, message } },
  });
}

function compileError(e: QueryCompileError): ConsoleError {
  return malformedQuery(e.message, e.start, e.end, e.line, e.column);
}

/** An AWS MalformedQueryException whose offsets point into the text sent; moved back into the user's text, with line and column. */
function awsError(err: unknown, userText: string, offset: number): ConsoleError {
  const mapped = awsConsoleError(err);
  if (!mapped) throw err;
  const location = (mapped.aws?.members?.queryCompileError as { location?: { startCharOffset?: number; endCharOffset?: number } } | undefined)?.location;
  if (mapped.aws?.name === 'MalformedQueryException' && location && typeof location.startCharOffset === 'number') {
    const start = Math.max(0, location.startCharOffset - offset);
    const end = Math.max(start, (location.endCharOffset ?? location.startCharOffset) - offset);
    const e = new QueryCompileError(mapped.message.replace(/^MalformedQueryException:\s*/, ''), start, end, userText);
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

function newEntry(owner: QueryOwner, access: LogAccess, source: QueryState['source']): Entry {
  const id = randomUUID();
  const entry: Entry = {
    id,
    owner,
    access,
    lastSeen: queryClock.now(),
    state: { id, status: 'Queued', source, statistics: statsFor(access, EMPTY_STATS), results: [], rowsWithheld: 0, restrictedTo: access.clusterWide ? null : access.namespaces },
  };
  registry().entries.set(id, entry);
  return entry;
}

function finish(entry: Entry, status: QueryStatus, error?: ErrorObject): void {
  entry.state.status = status;
  if (error) entry.state.error = error;
  entry.finishedAt = queryClock.now();
  registry().queue.remove(entry);
}

function keepAllowed(entry: Entry, rows: ResultField[][]): void {
  const allowed = rows.filter((r) => rowAllowed(r, entry.access));
  entry.state.rowsWithheld = rows.length - allowed.length;
  entry.state.results = allowed;
}

async function startOnService(entry: Entry): Promise<void> {
  const { input, queryString, offset } = entry.start!;
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
    entry.awsQueryId = out.queryId;
    if (entry.state.status === 'Queued') entry.state.status = 'Scheduled';
    else if (entry.state.status === 'Cancelled') await stopOnService(entry);
  } catch (err) {
    const mapped = awsConsoleError(err);
    if (mapped?.aws?.name === 'LimitExceededException') {
      // Other users of the account hold the quota: wait in line rather than fail.
      registry().queue.retry(entry);
      registry().blockedUntil = queryClock.now() + QUOTA_BACKOFF_MS;
      return;
    }
    finish(entry, 'Failed', awsError(err, input.queryString, offset).toJSON());
  }
}

async function stopOnService(entry: Entry): Promise<void> {
  if (!entry.awsQueryId) return;
  try {
    await logsClient().send(new StopQueryCommand({ queryId: entry.awsQueryId }));
  } catch (err) {
    // A query that ended meanwhile cannot be stopped; that is not the caller's problem.
    if (awsConsoleError(err)?.aws?.name !== 'InvalidParameterException') throw err;
  }
}

/** Asks the service how a query nobody polls lately is doing, so one that ended frees its place; errors are left for its next poll. */
async function check(entry: Entry): Promise<void> {
  entry.checkedAt = queryClock.now();
  try {
    await refresh(entry);
  } catch {
    // The owner's next poll asks again and gets the error.
  }
}

/** Starts what the quota allows, stops abandoned queries, notices unpolled ones that ended, and forgets old ones. */
async function pump(): Promise<void> {
  const r = registry();
  const now = queryClock.now();
  const checks: Promise<void>[] = [];
  for (const entry of r.entries.values()) {
    if (entry.finishedAt !== undefined && now - entry.finishedAt > KEEP_MS) r.entries.delete(entry.id);
    // A StopQuery that fails must not fail the request that happened to sweep.
    else if (entry.finishedAt === undefined && now - entry.lastSeen > ABANDONED_MS) await cancel(entry).catch((err: unknown) => log().error({ err, queryId: entry.id }, 'stopping an abandoned query failed'));
    else if (entry.awsQueryId && !FINAL.has(entry.state.status) && r.queue.othersWait(ownerKey(entry.owner)) && now - Math.max(entry.lastSeen, entry.checkedAt ?? 0) > UNPOLLED_MS) checks.push(check(entry));
  }
  await Promise.all(checks);
  if (now < r.blockedUntil) return;
  await Promise.all(r.queue.startable().map(startOnService));
}

/** The refusal for a user who already has QUERIES_PER_USER queries running or waiting. */
function overShare(held: number): ConsoleError {
  return consoleErrors.tooManyRequests(
    `you have ${held} Logs Insights ${held === 1 ? 'query' : 'queries'} running or waiting on this cluster, the most one user may have at once (${QUERIES_PER_USER}); wait for one to finish or cancel one, then start this query again`,
    { max: QUERIES_PER_USER, held, retryAfterSeconds: RETRY_AFTER_SECONDS },
  );
}

/** Queues a CloudWatch Logs Insights query; it starts as soon as the account's quota allows and its owner's turn comes. */
export async function startCloudWatchQuery(owner: QueryOwner, access: LogAccess, input: CloudWatchQueryInput): Promise<QueryState> {
  const { queryString, offset } = prepareQuery(input.queryString, access);
  const held = registry().queue.held(ownerKey(owner));
  if (held >= QUERIES_PER_USER) throw overShare(held);
  const entry = newEntry(owner, access, 'cloudwatch');
  entry.start = { input, queryString, offset };
  registry().queue.add(entry);
  await pump();
  return view(entry);
}

/** Registers a query run inside the console (pod logs); `run` reports into the state it is given and ends it. */
export function startLocalQuery(
  owner: QueryOwner,
  run: (state: QueryState, signal: AbortSignal) => Promise<void>,
): QueryState {
  const entry = newEntry(owner, { clusterWide: true }, 'pods');
  entry.abort = new AbortController();
  entry.state.status = 'Running';
  run(entry.state, entry.abort.signal).then(
    () => entry.state.status === 'Running' && finish(entry, 'Complete'),
    (err: unknown) => {
      if (entry.state.status !== 'Running') return;
      const error = err instanceof ConsoleError ? err : consoleErrors.internal(`reading the pods' logs failed: ${(err as Error).message}`);
      finish(entry, error.kind === 'QueryTimeout' ? 'Timeout' : 'Failed', error.toJSON());
    },
  );
  return view(entry);
}

function owned(id: string, owner: QueryOwner): Entry {
  const entry = registry().entries.get(id);
  // Someone else's query is as absent as one that never was.
  if (!entry || entry.owner.username !== owner.username || entry.owner.cluster !== owner.cluster) {
    throw consoleErrors.notFound(`no query "${id}" of yours`);
  }
  return entry;
}

/** Rows sent with each poll while a query runs; all of them once it has ended. */
export const RUNNING_ROWS = 1000;

function view(entry: Entry): QueryState {
  const { state } = entry;
  const queuedBehind = state.status === 'Queued' ? registry().queue.queuedBehind(entry) : undefined;
  const partial = !FINAL.has(state.status) && state.results.length > RUNNING_ROWS;
  return {
    ...state,
    ...(partial ? { results: state.results.slice(0, RUNNING_ROWS), partial: true } : {}),
    ...(queuedBehind !== undefined ? { queuedBehind } : {}),
  };
}

/** A page of a query's rows, for answers of up to 100,000 rows read a page at a time. */
export interface QueryPage {
  offset: number;
  limit: number;
}

/** The state with only the page's rows, saying where they start and how many rows there are in all (so far, while it runs). */
export function pageOf(state: QueryState, page: QueryPage): QueryState & { rowOffset: number; resultCount: number } {
  return { ...state, results: state.results.slice(page.offset, page.offset + page.limit), rowOffset: page.offset, resultCount: state.results.length };
}

/** Reads a started CloudWatch query's status, statistics and rows (GetQueryResults) into its entry. */
async function refresh(entry: Entry): Promise<void> {
  if (entry.awsQueryId && !FINAL.has(entry.state.status)) {
    const out = await logsClient().send(new GetQueryResultsCommand({ queryId: entry.awsQueryId }));
    const results = out.results ?? [];
    // Services that page GetQueryResults (nextToken) give the rest page by page.
    for (let token = out.nextToken; token; ) {
      const more = await logsClient().send(new GetQueryResultsCommand({ queryId: entry.awsQueryId, nextToken: token }));
      results.push(...(more.results ?? []));
      token = more.nextToken;
    }
    // Stopped or ended by another request meanwhile: that answer stands.
    if (FINAL.has(entry.state.status)) return;
    const status = (out.status ?? 'Unknown') as QueryStatus;
    entry.state.statistics = statsFor(entry.access, {
      recordsMatched: out.statistics?.recordsMatched ?? 0,
      recordsScanned: out.statistics?.recordsScanned ?? 0,
      bytesScanned: out.statistics?.bytesScanned ?? 0,
    });
    keepAllowed(entry, results.map((row) => row.map((f) => ({ field: f.field ?? '', value: f.value ?? '' }))));
    if (FINAL.has(status)) {
      finish(entry, status);
      await pump();
    } else entry.state.status = status;
  }
}

/** The query's status, statistics and rows so far (GetQueryResults for a CloudWatch query). */
export async function queryState(id: string, owner: QueryOwner): Promise<QueryState> {
  const entry = owned(id, owner);
  entry.lastSeen = queryClock.now();
  await pump();
  await refresh(entry);
  return view(entry);
}

async function cancel(entry: Entry): Promise<void> {
  if (FINAL.has(entry.state.status)) return;
  entry.abort?.abort();
  const wasStarted = entry.awsQueryId !== undefined;
  finish(entry, 'Cancelled');
  if (wasStarted) await stopOnService(entry);
}

/** Stops the query (StopQuery), or takes it out of the line if it has not started. */
export async function stopQuery(id: string, owner: QueryOwner): Promise<QueryState> {
  const entry = owned(id, owner);
  await cancel(entry);
  await pump();
  return view(entry);
}

/** The queue's load, for tests and the page's "queued behind" wording. */
export function queueSize(): { running: number; waiting: number } {
  return registry().queue.size;
}
