import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ConsoleError, consoleErrors } from '../errors';
import type { Database } from '../store';
import type { DashboardsTable } from '../store/schema';
import { DELETED_KEPT_DAYS, type Dashboard, type DashboardBody, type DashboardSummary, type DashboardVersion, type VersionConflict } from '@/lib/dashboards/model';

/** What a save writes: everything the owner can change. */
export interface DashboardContent {
  title: string;
  shared: boolean;
  body: DashboardBody;
}

export type DashboardList = 'mine' | 'shared' | 'deleted';

/** A save made from a version that is no longer current: the 409 carries both versions. */
export class DashboardConflict extends ConsoleError {
  constructor(readonly conflict: VersionConflict) {
    super('Conflict', 409, `the dashboard changed since version ${conflict.yours.baseVersion}: it is now at version ${conflict.current.version}; both versions are in this answer`);
  }

  toJSON() {
    return { ...super.toJSON(), conflict: this.conflict };
  }
}

const DAY_MS = 86_400_000;

function toDashboard(row: Selectable<DashboardsTable>, viewer: string): Dashboard {
  return {
    id: row.id,
    owner: row.owner,
    title: row.title,
    shared: row.shared,
    version: row.version,
    body: row.body as DashboardBody,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(row.deleted_at ? { deletedAt: row.deleted_at.toISOString() } : {}),
    mine: row.owner === viewer,
  };
}

function notFound(id: string): ConsoleError {
  return consoleErrors.notFound(`dashboard ${id} not found`);
}

function forbidden(verb: string, row: Selectable<DashboardsTable>): ConsoleError {
  return new ConsoleError('Forbidden', 403, `only its owner ${row.owner} may ${verb} dashboard "${row.title}"; duplicate it to change a copy of your own`);
}

/** A row the viewer may read: their own, or shared; deleted ones only to their owner. Others' unshared rows are not found. */
function readable(row: Selectable<DashboardsTable> | undefined, id: string, viewer: string, deleted: boolean): Selectable<DashboardsTable> {
  if (!row || (row.owner !== viewer && !row.shared)) throw notFound(id);
  if (row.deleted_at && (!deleted || row.owner !== viewer)) throw notFound(id);
  if (!row.deleted_at && deleted) throw consoleErrors.badRequest(`dashboard ${id} is not deleted`);
  return row;
}

async function lockedRow(tx: Transaction<Database>, id: string): Promise<Selectable<DashboardsTable> | undefined> {
  return tx.selectFrom('dashboards').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

async function insertVersion(tx: Transaction<Database>, id: string, version: number, content: DashboardContent, savedBy: string, now: Date, restoredFrom?: number) {
  await tx
    .insertInto('dashboard_versions')
    .values({ dashboard_id: id, version, title: content.title, shared: content.shared, body: JSON.stringify(content.body), saved_by: savedBy, saved_at: now, restored_from: restoredFrom ?? null })
    .execute();
}

export async function createDashboard(db: Kysely<Database>, owner: string, content: DashboardContent, now = new Date()): Promise<Dashboard> {
  const id = randomBytes(9).toString('base64url');
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('dashboards')
      .values({ id, owner, title: content.title, shared: content.shared, version: 1, body: JSON.stringify(content.body), created_at: now, updated_at: now, deleted_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertVersion(tx, id, 1, content, owner, now);
    return toDashboard(row, owner);
  });
}

export async function getDashboard(db: Kysely<Database>, id: string, viewer: string): Promise<Dashboard> {
  const row = await db.selectFrom('dashboards').selectAll().where('id', '=', id).executeTakeFirst();
  return toDashboard(readable(row, id, viewer, false), viewer);
}

/** Deleted dashboards past their 30 days are gone for good. */
export async function purgeDeleted(db: Kysely<Database>, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('dashboards')
    .where('deleted_at', '<', new Date(now.getTime() - DELETED_KEPT_DAYS * DAY_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listDashboards(db: Kysely<Database>, viewer: string, list: DashboardList, now = new Date()): Promise<DashboardSummary[]> {
  if (list === 'deleted') await purgeDeleted(db, now);
  let query = db.selectFrom('dashboards').selectAll();
  if (list === 'mine') query = query.where('owner', '=', viewer).where('deleted_at', 'is', null);
  if (list === 'shared') query = query.where('shared', '=', true).where('owner', '!=', viewer).where('deleted_at', 'is', null);
  if (list === 'deleted') query = query.where('owner', '=', viewer).where('deleted_at', 'is not', null);
  const rows = await query
    .orderBy(list === 'deleted' ? 'deleted_at' : 'updated_at', 'desc')
    .orderBy('id')
    .limit(1000)
    .execute();
  return rows.map((row) => {
    const { body, ...summary } = toDashboard(row, viewer);
    return { ...summary, widgetCount: body.widgets.length };
  });
}

/**
 * Saves a new version in one transaction, if `baseVersion` is still the current one; a stale
 * save is refused with both versions (DashboardConflict), never written over the other.
 */
export async function saveDashboard(
  db: Kysely<Database>,
  id: string,
  viewer: string,
  baseVersion: number,
  content: DashboardContent,
  options: { restoredFrom?: number; now?: Date } = {},
): Promise<Dashboard> {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    const row = readable(await lockedRow(tx, id), id, viewer, false);
    if (row.owner !== viewer) throw forbidden('edit', row);
    if (row.version !== baseVersion) {
      throw new DashboardConflict({ current: toDashboard(row, viewer), yours: { baseVersion, ...content } });
    }
    const version = row.version + 1;
    await insertVersion(tx, id, version, content, viewer, now, options.restoredFrom);
    const updated = await tx
      .updateTable('dashboards')
      .set({ title: content.title, shared: content.shared, body: JSON.stringify(content.body), version, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', baseVersion)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toDashboard(updated, viewer);
  });
}

/** A version row as the API shows it. */
function versionOf(r: { version: number; title: string; shared: boolean; saved_by: string; saved_at: Date; restored_from: number | null }): DashboardVersion {
  return {
    version: r.version,
    title: r.title,
    shared: r.shared,
    savedBy: r.saved_by,
    savedAt: r.saved_at.toISOString(),
    ...(r.restored_from !== null ? { restoredFrom: r.restored_from } : {}),
  };
}

/**
 * The versions the viewer may read, newest first, and how many others there are. A version saved
 * while the dashboard was not shared (its `shared` is false) stays its owner's: sharing the
 * dashboard later shares what it is from then on, not its private past.
 */
export async function listVersions(db: Kysely<Database>, id: string, viewer: string): Promise<{ items: DashboardVersion[]; hidden: number }> {
  const d = await getDashboard(db, id, viewer);
  const rows = await db
    .selectFrom('dashboard_versions')
    .select(['version', 'title', 'shared', 'saved_by', 'saved_at', 'restored_from'])
    .where('dashboard_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  const readable = rows.filter((r) => d.mine || r.shared);
  return { items: readable.map(versionOf), hidden: rows.length - readable.length };
}

/** One version with its body; a private one is not found for anyone but the owner, as a version that does not exist. */
export async function getVersion(db: Kysely<Database>, id: string, viewer: string, version: number): Promise<DashboardVersion & { body: DashboardBody }> {
  const d = await getDashboard(db, id, viewer);
  const r = await db.selectFrom('dashboard_versions').selectAll().where('dashboard_id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!r || (!d.mine && !r.shared)) throw consoleErrors.notFound(`dashboard ${id} has no version ${version}`);
  return { ...versionOf(r), body: r.body as DashboardBody };
}

/**
 * Brings an old version back as a new one; the versions in between stay in the history. Only the
 * owner restores, so that is asked first: nobody else learns anything of a version by trying.
 * The version comes back with its own `shared`, so a restore never shows its content to more people than it was saved for.
 */
export async function restoreVersion(db: Kysely<Database>, id: string, viewer: string, baseVersion: number, version: number, now = new Date()): Promise<Dashboard> {
  const d = await getDashboard(db, id, viewer);
  if (!d.mine) throw new ConsoleError('Forbidden', 403, `only its owner ${d.owner} may restore a version of dashboard "${d.title}"; duplicate it to change a copy of your own`);
  const old = await getVersion(db, id, viewer, version);
  return saveDashboard(db, id, viewer, baseVersion, { title: old.title, shared: old.shared, body: old.body }, { restoredFrom: version, now });
}

/** Marks the dashboard deleted; its owner can bring it back for 30 days. */
export async function deleteDashboard(db: Kysely<Database>, id: string, viewer: string, baseVersion: number | undefined, now = new Date()): Promise<Dashboard> {
  return db.transaction().execute(async (tx) => {
    const row = readable(await lockedRow(tx, id), id, viewer, false);
    if (row.owner !== viewer) throw forbidden('delete', row);
    if (baseVersion !== undefined && row.version !== baseVersion) {
      throw new ConsoleError('Conflict', 409, `the dashboard changed since version ${baseVersion}: it is at version ${row.version}; reload it before deleting`);
    }
    const updated = await tx.updateTable('dashboards').set({ deleted_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return toDashboard(updated, viewer);
  });
}

export async function undeleteDashboard(db: Kysely<Database>, id: string, viewer: string, now = new Date()): Promise<Dashboard> {
  await purgeDeleted(db, now);
  return db.transaction().execute(async (tx) => {
    const row = readable(await lockedRow(tx, id), id, viewer, true);
    const updated = await tx.updateTable('dashboards').set({ deleted_at: null, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return toDashboard(updated, row.owner);
  });
}

/** A copy owned by the viewer, unshared, starting its own history. */
export async function duplicateDashboard(db: Kysely<Database>, id: string, viewer: string, title?: string, now = new Date()): Promise<Dashboard> {
  const source = await getDashboard(db, id, viewer);
  return createDashboard(db, viewer, { title: title ?? `Copy of ${source.title}`.slice(0, 256), shared: false, body: source.body }, now);
}
