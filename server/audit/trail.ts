import 'server-only';
/** The audit trail: each write the console makes to a cluster for a user, with the API server's answer, and who may read it. */
import { sql, type Kysely } from 'kysely';
import { config, DEFAULT_AUDIT_RETENTION_DAYS } from '../config';
import { ConsoleError } from '../errors';
import { log } from '../observability/logger';
import { countAuditWriteFailure } from '../observability/metrics';
import { store, type Database } from '../store';

export interface AuditUser {
  username: string;
  groups: string[];
}

/** Who acts, and on which cluster. */
export interface AuditContext {
  cluster: string;
  user: AuditUser;
}

/** What the write is: the action's name, the object it touches and a few values that say what was asked. */
export interface AuditWhat {
  action: string;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Small values only (e.g. `{ replicas: 3 }`): never an object's body or a secret's value. */
  detail?: Record<string, unknown>;
  /** The API server's status for a success: 201 for a create; 200 when absent. */
  successStatus?: number;
}

export interface AuditEntry {
  id: string;
  /** RFC 3339 with microseconds, as the store keeps it. */
  at: string;
  username: string;
  groups: string[];
  cluster: string;
  action: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  detail: Record<string, unknown>;
  /** The API server's HTTP answer; 0 when none came. */
  status: number;
  message: string;
}

/** The API server's message is kept verbatim up to this many bytes. */
export const MAX_MESSAGE_BYTES = 1024;
/** The most bytes of detail kept; anything larger is a mistake in the caller, and is replaced by a note. */
const MAX_DETAIL_BYTES = 2048;

function truncateBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  // Cut on a character boundary: drop a trailing partial UTF-8 sequence.
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, max)).replace(/\uFFFD$/, '');
}

/** The status and message the API server answered a failed write with; 0 when no answer came. */
export function outcomeOf(err: unknown): { status: number; message: string } {
  if (err instanceof ConsoleError) {
    if (err.status) return { status: err.status.code || err.httpStatus, message: err.status.message ?? err.message };
    return { status: 0, message: err.message };
  }
  return { status: 0, message: err instanceof Error ? err.message : String(err) };
}

function detailText(detail: Record<string, unknown> | undefined): string {
  const text = JSON.stringify(detail ?? {});
  return Buffer.byteLength(text) <= MAX_DETAIL_BYTES ? text : JSON.stringify({ truncated: true });
}

/** Keeps one entry (a terminal session records its own when it ends); a failure is counted and logged, never thrown. */
export async function record(ctx: AuditContext, what: AuditWhat, outcome: { status: number; message: string }): Promise<void> {
  try {
    const { db } = await store();
    await db
      .insertInto('audit_entries')
      .values({
        username: ctx.user.username,
        groups: JSON.stringify(ctx.user.groups),
        cluster: ctx.cluster,
        action: what.action,
        api_group: what.group,
        version: what.version,
        resource: what.resource,
        subresource: what.subresource ?? '',
        namespace: what.namespace ?? '',
        name: what.name ?? '',
        detail: detailText(what.detail),
        status: outcome.status,
        message: truncateBytes(outcome.message, MAX_MESSAGE_BYTES),
      })
      .execute();
    await purgeNowAndThen(db);
  } catch (err) {
    // The cluster already has the write; the caller must hear the API server's answer, not the store's.
    countAuditWriteFailure(ctx.cluster);
    log().error({ err, cluster: ctx.cluster, action: what.action, resource: what.resource }, 'the audit trail entry was not kept');
  }
}

/**
 * Runs a write to the cluster and records who asked what and how the API server answered; the
 * write's result or error is passed on unchanged.
 */
export async function audited<T>(ctx: AuditContext, what: AuditWhat, write: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await write();
  } catch (err) {
    await record(ctx, what, outcomeOf(err));
    throw err;
  }
  await record(ctx, what, { status: what.successStatus ?? 200, message: '' });
  return result;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 60 * 1000;
const purging = globalThis as unknown as { __watchdeckAuditPurgedAt?: number };

/** Deletes the entries older than the retention; returns how many. */
export async function purgeAudit(db: Kysely<Database>, now = new Date()): Promise<number> {
  const days = config().auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const result = await db
    .deleteFrom('audit_entries')
    .where('at', '<', new Date(now.getTime() - days * DAY_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The purge runs at most once an hour per process, beside the writes and reads of the trail. */
async function purgeNowAndThen(db: Kysely<Database>): Promise<void> {
  const now = Date.now();
  if (purging.__watchdeckAuditPurgedAt !== undefined && now - purging.__watchdeckAuditPurgedAt < PURGE_EVERY_MS) return;
  purging.__watchdeckAuditPurgedAt = now;
  await purgeAudit(db);
}

export interface AuditFilter {
  cluster: string;
  /** Only this user's entries. */
  user?: string;
  action?: string;
  namespace?: string;
}

/** Where a page ends: the last entry's time (as the store writes it) and id. */
export interface AuditCursor {
  at: string;
  id: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The next page's cursor; absent on the last page. */
  cursor?: string;
}

export function encodeCursor(c: AuditCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/** The cursor's parts, or undefined when it is not one this module made. */
export function decodeCursor(text: string): AuditCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string') return undefined;
    if (!/^\d{1,19}$/.test(id) || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/.test(at)) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}

/** One page of the trail, newest first, for a caller whose visibility the route has already decided. */
export async function listAudit(filter: AuditFilter, page: { cursor?: AuditCursor; limit: number }): Promise<AuditPage> {
  const { db } = await store();
  await purgeNowAndThen(db);
  let query = db
    .selectFrom('audit_entries')
    .select(['id', 'username', 'groups', 'cluster', 'action', 'api_group', 'version', 'resource', 'subresource', 'namespace', 'name', 'detail', 'status', 'message'])
    .select(sql<string>`to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at_text'))
    .where('cluster', '=', filter.cluster);
  if (filter.user !== undefined) query = query.where('username', '=', filter.user);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.namespace !== undefined) query = query.where('namespace', '=', filter.namespace);
  if (page.cursor) query = query.where(sql<boolean>`(at, id) < (${page.cursor.at}::timestamptz, ${page.cursor.id}::bigint)`);
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const entries: AuditEntry[] = rows.slice(0, page.limit).map((r) => ({
    id: String(r.id),
    at: r.at_text,
    username: r.username,
    groups: r.groups,
    cluster: r.cluster,
    action: r.action,
    group: r.api_group,
    version: r.version,
    resource: r.resource,
    subresource: r.subresource,
    namespace: r.namespace,
    name: r.name,
    detail: r.detail,
    status: r.status,
    message: r.message,
  }));
  const last = entries.at(-1);
  return { entries, ...(rows.length > page.limit && last ? { cursor: encodeCursor({ at: last.at, id: last.id }) } : {}) };
}
