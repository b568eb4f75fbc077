import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store, type StoreOptions } from '../store';
import { startPostgres, type PostgresServer } from '../store/testing/postgres';
import { emptyBody, type DashboardBody } from '@/lib/dashboards/model';
import {
  createDashboard,
  DashboardConflict,
  deleteDashboard,
  duplicateDashboard,
  getDashboard,
  getVersion,
  listDashboards,
  listVersions,
  restoreVersion,
  saveDashboard,
  undeleteDashboard,
} from './repository';

const T0 = new Date('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DAY = 24 * 60;

function withText(markdown: string): DashboardBody {
  return { ...emptyBody(), widgets: [{ id: 'note', type: 'text', x: 0, y: 0, width: 6, height: 2, markdown }] };
}

async function rejection(promise: Promise<unknown>): Promise<{ kind: string; httpStatus: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { kind: string; httpStatus: number; message: string };
  }
  throw new Error('expected a rejection');
}

function repositoryContract(name: string, options: () => StoreOptions) {
  describe(name, () => {
    let store: Store;
    beforeAll(async () => {
      store = await openStore(options());
    }, 90_000);
    afterAll(async () => store?.close());

    it('creates a dashboard at version 1, owned by its creator, with that version kept', async () => {
      const d = await createDashboard(store.db, 'oncall', { title: 'Backend', shared: false, body: withText('one') }, T0);
      expect({ ...d, id: undefined }).toEqual({
        id: undefined,
        owner: 'oncall',
        title: 'Backend',
        shared: false,
        version: 1,
        body: withText('one'),
        createdAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
        mine: true,
      });
      expect(await listVersions(store.db, d.id, 'oncall')).toEqual({ items: [{ version: 1, title: 'Backend', shared: false, savedBy: 'oncall', savedAt: T0.toISOString() }], hidden: 0 });
    });

    it('keeps every saved version and restores an old one as a new version', async () => {
      const d = await createDashboard(store.db, 'oncall', { title: 'History', shared: false, body: withText('v1') }, T0);
      await saveDashboard(store.db, d.id, 'oncall', 1, { title: 'History', shared: false, body: withText('v2') }, { now: at(1) });
      await saveDashboard(store.db, d.id, 'oncall', 2, { title: 'History 3', shared: true, body: withText('v3') }, { now: at(2) });
      const restored = await restoreVersion(store.db, d.id, 'oncall', 3, 1, at(3));
      expect([restored.version, restored.title, restored.shared, restored.body]).toEqual([4, 'History', false, withText('v1')]);
      expect((await listVersions(store.db, d.id, 'oncall')).items.map((v) => [v.version, v.title, v.restoredFrom])).toEqual([
        [4, 'History', 1],
        [3, 'History 3', undefined],
        [2, 'History', undefined],
        [1, 'History', undefined],
      ]);
      expect((await getVersion(store.db, d.id, 'oncall', 2)).body).toEqual(withText('v2'));
    });

    it('two saves from the same version: one is stored, the other gets 409 with both versions', async () => {
      const d = await createDashboard(store.db, 'oncall', { title: 'Race', shared: false, body: withText('base') }, T0);
      const results = await Promise.allSettled([
        saveDashboard(store.db, d.id, 'oncall', 1, { title: 'Race', shared: false, body: withText('tab A') }),
        saveDashboard(store.db, d.id, 'oncall', 1, { title: 'Race', shared: false, body: withText('tab B') }),
      ]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect([fulfilled.length, rejected.length]).toEqual([1, 1]);
      const conflict = rejected[0].reason as DashboardConflict;
      expect([conflict.kind, conflict.httpStatus]).toEqual(['Conflict', 409]);
      const winner = (await getDashboard(store.db, d.id, 'oncall')).body;
      expect(conflict.conflict.current.version).toBe(2);
      expect(conflict.conflict.current.body).toEqual(winner);
      expect(conflict.conflict.yours).toEqual({
        baseVersion: 1,
        title: 'Race',
        shared: false,
        body: winner.widgets[0].type === 'text' && winner.widgets[0].markdown === 'tab A' ? withText('tab B') : withText('tab A'),
      });
      expect((await listVersions(store.db, d.id, 'oncall')).items.map((v) => v.version)).toEqual([2, 1]);
    });

    it('a save interrupted by a failing statement inside its transaction leaves the previous version intact', async () => {
      const d = await createDashboard(store.db, 'oncall', { title: 'Crash', shared: false, body: withText('kept') }, T0);
      // The version row is written first; the dashboard row's update then fails, as a crash between the two would.
      await sql`create or replace function refuse_boom() returns trigger language plpgsql as $$ begin if new.title = 'boom' then raise exception 'disk full'; end if; return new; end $$`.execute(
        store.db,
      );
      await sql`create trigger refuse_boom before update on dashboards for each row execute function refuse_boom()`.execute(store.db);
      try {
        const err = await rejection(saveDashboard(store.db, d.id, 'oncall', 1, { title: 'boom', shared: false, body: withText('lost') }));
        expect(err.message).toContain('disk full');
      } finally {
        await sql`drop trigger refuse_boom on dashboards`.execute(store.db);
      }
      const now = await getDashboard(store.db, d.id, 'oncall');
      expect([now.version, now.title, now.body]).toEqual([1, 'Crash', withText('kept')]);
      expect((await listVersions(store.db, d.id, 'oncall')).items.map((v) => v.version)).toEqual([1]);
      const next = await saveDashboard(store.db, d.id, 'oncall', 1, { title: 'Crash', shared: false, body: withText('after') });
      expect(next.version).toBe(2);
    });

    it('others see a shared dashboard but may not edit or delete it; an unshared one is not found for them', async () => {
      const shared = await createDashboard(store.db, 'oncall', { title: 'Team', shared: true, body: withText('team') }, T0);
      const own = await createDashboard(store.db, 'oncall', { title: 'Private', shared: false, body: withText('mine') }, T0);
      const seen = await getDashboard(store.db, shared.id, 'dev');
      expect([seen.title, seen.mine]).toEqual(['Team', false]);
      expect(await rejection(saveDashboard(store.db, shared.id, 'dev', 1, { title: 'x', shared: true, body: emptyBody() }))).toMatchObject({
        kind: 'Forbidden',
        httpStatus: 403,
        message: 'only its owner oncall may edit dashboard "Team"; duplicate it to change a copy of your own',
      });
      expect(await rejection(deleteDashboard(store.db, shared.id, 'dev', undefined))).toMatchObject({ kind: 'Forbidden', httpStatus: 403 });
      expect(await rejection(getDashboard(store.db, own.id, 'dev'))).toMatchObject({ kind: 'NotFound', httpStatus: 404, message: `dashboard ${own.id} not found` });
      const listed = await listDashboards(store.db, 'dev', 'shared');
      expect(listed.filter((d) => d.owner === 'oncall').map((d) => d.title)).toContain('Team');
      expect(listed.map((d) => d.title)).not.toContain('Private');
    });

    it("versions saved while the dashboard was private stay the owner's after it is shared", async () => {
      const d = await createDashboard(store.db, 'admin', { title: 'Draft', shared: false, body: withText('private 1') }, T0);
      await saveDashboard(store.db, d.id, 'admin', 1, { title: 'Draft', shared: false, body: withText('private 2') }, { now: at(1) });
      await saveDashboard(store.db, d.id, 'admin', 2, { title: 'Team', shared: true, body: withText('shared 3') }, { now: at(2) });
      await saveDashboard(store.db, d.id, 'admin', 3, { title: 'Team', shared: false, body: withText('private 4') }, { now: at(3) });
      await saveDashboard(store.db, d.id, 'admin', 4, { title: 'Team', shared: true, body: withText('shared 5') }, { now: at(4) });
      // v1, v2 and v4 were saved with shared: false, so 3 of the 5 are the owner's alone.
      expect(await listVersions(store.db, d.id, 'dev')).toMatchObject({ items: [{ version: 5 }, { version: 3 }], hidden: 3 });
      expect((await listVersions(store.db, d.id, 'admin')).hidden).toBe(0);
      expect((await getVersion(store.db, d.id, 'dev', 3)).body).toEqual(withText('shared 3'));
      for (const v of [1, 2, 4, 6]) {
        expect(await rejection(getVersion(store.db, d.id, 'dev', v))).toMatchObject({ kind: 'NotFound', httpStatus: 404, message: `dashboard ${d.id} has no version ${v}` });
      }
      expect((await getVersion(store.db, d.id, 'admin', 1)).body).toEqual(withText('private 1'));
      expect(await rejection(restoreVersion(store.db, d.id, 'dev', 5, 1))).toMatchObject({
        kind: 'Forbidden',
        httpStatus: 403,
        message: 'only its owner admin may restore a version of dashboard "Team"; duplicate it to change a copy of your own',
      });
      // A private version restored comes back private: its content reaches no one it was not saved for.
      const restored = await restoreVersion(store.db, d.id, 'admin', 5, 2, at(5));
      expect([restored.version, restored.shared, restored.body]).toEqual([6, false, withText('private 2')]);
    });

    it('duplicating a shared dashboard gives the viewer an unshared copy of their own', async () => {
      const shared = await createDashboard(store.db, 'oncall', { title: 'Runbook', shared: true, body: withText('steps') }, T0);
      const copy = await duplicateDashboard(store.db, shared.id, 'dev', undefined, at(5));
      expect([copy.owner, copy.title, copy.shared, copy.version, copy.body, copy.mine]).toEqual(['dev', 'Copy of Runbook', false, 1, withText('steps'), true]);
      expect(copy.id).not.toBe(shared.id);
    });

    it('a deleted dashboard is listed as deleted and brought back within 30 days, then purged', async () => {
      const d = await createDashboard(store.db, 'admin', { title: 'Old', shared: true, body: withText('old') }, T0);
      await deleteDashboard(store.db, d.id, 'admin', 1, at(10));
      expect(await rejection(getDashboard(store.db, d.id, 'admin'))).toMatchObject({ kind: 'NotFound' });
      expect((await listDashboards(store.db, 'dev', 'shared')).map((x) => x.id)).not.toContain(d.id);
      const deleted = await listDashboards(store.db, 'admin', 'deleted', at(10 + 29 * DAY));
      expect(deleted.find((x) => x.id === d.id)?.deletedAt).toBe(at(10).toISOString());
      const back = await undeleteDashboard(store.db, d.id, 'admin', at(10 + 29 * DAY));
      expect([back.version, back.body, back.deletedAt]).toEqual([1, withText('old'), undefined]);
      await deleteDashboard(store.db, d.id, 'admin', 1, at(20));
      expect((await listDashboards(store.db, 'admin', 'deleted', at(20 + 30 * DAY + 1))).map((x) => x.id)).not.toContain(d.id);
      expect(await rejection(undeleteDashboard(store.db, d.id, 'admin', at(20 + 30 * DAY + 1)))).toMatchObject({ kind: 'NotFound' });
      const versions = await sql<{ n: number }>`select count(*)::int as n from dashboard_versions where dashboard_id = ${d.id}`.execute(store.db);
      expect(versions.rows[0].n).toBe(0);
    });

    it('a delete from a stale version is refused', async () => {
      const d = await createDashboard(store.db, 'admin', { title: 'Stale', shared: false, body: withText('a') }, T0);
      await saveDashboard(store.db, d.id, 'admin', 1, { title: 'Stale', shared: false, body: withText('b') });
      expect(await rejection(deleteDashboard(store.db, d.id, 'admin', 1))).toMatchObject({ kind: 'Conflict', httpStatus: 409 });
    });
  });
}

repositoryContract('dashboards on PGlite', () => ({ kind: 'pglite' }));

describe('dashboards on a PostgreSQL server', () => {
  let server: PostgresServer;
  let url = '';
  beforeAll(async () => {
    server = await startPostgres();
    url = server.url;
  }, 90_000);
  afterAll(async () => server?.stop());
  repositoryContract('PostgreSQL via DATABASE_URL', () => ({ kind: 'postgres', databaseUrl: url }));
});
