import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATION_TABLE, openStore, type Store, type StoreOptions } from './index';
import { migrations } from './migrations';
import { startPostgres, type PostgresServer } from './testing/postgres';

function storeContract(name: string, options: () => StoreOptions) {
  describe(name, () => {
    let store: Store;
    beforeAll(async () => {
      store = await openStore(options());
    });
    afterAll(async () => {
      await store?.close();
    });

    it('records every migration as applied, in order', async () => {
      const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(store.db);
      expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    });

    it('migrating again applies nothing', async () => {
      expect(await migrate(store.db)).toEqual([]);
    });

    it('stores a session row with its groups as a list', async () => {
      const expires = new Date('2030-01-01T12:00:00Z');
      await store.db
        .insertInto('sessions')
        .values({ id: `s-${name}`, username: 'dev', groups: JSON.stringify(['rbac-test-group', 'system:authenticated']), cluster: 'eks-work-cluster', expires_at: expires, revoked_at: null })
        .execute();
      const row = await store.db.selectFrom('sessions').selectAll().where('id', '=', `s-${name}`).executeTakeFirstOrThrow();
      expect(row.username).toBe('dev');
      expect(row.groups).toEqual(['rbac-test-group', 'system:authenticated']);
      expect(row.expires_at.toISOString()).toBe('2030-01-01T12:00:00.000Z');
      expect(row.revoked_at).toBeNull();
    });

    it('rolls a failed transaction back', async () => {
      await expect(
        store.db.transaction().execute(async (tx) => {
          await tx
            .insertInto('sessions')
            .values({ id: `t-${name}`, username: 'x', groups: '[]', cluster: 'c', expires_at: new Date(), revoked_at: null })
            .execute();
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const row = await store.db.selectFrom('sessions').select('id').where('id', '=', `t-${name}`).executeTakeFirst();
      expect(row).toBeUndefined();
    });
  });
}

storeContract('PGlite in memory', () => ({ kind: 'pglite' }));

describe('PGlite in a data directory', () => {
  it('creates the directory on first start and keeps rows across restarts', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-store-')), 'data', 'pglite');
    try {
      const first = await openStore({ kind: 'pglite', dataDir: dir });
      await first.db
        .insertInto('sessions')
        .values({ id: 'kept', username: 'admin', groups: '["system:masters"]', cluster: 'c', expires_at: new Date('2031-01-01T00:00:00Z'), revoked_at: null })
        .execute();
      await first.close();
      const second = await openStore({ kind: 'pglite', dataDir: dir });
      const row = await second.db.selectFrom('sessions').select(['username', 'groups']).where('id', '=', 'kept').executeTakeFirst();
      const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(second.db);
      await second.close();
      expect(row).toEqual({ username: 'admin', groups: ['system:masters'] });
      // Sized for the console's small tables rather than Postgres's 128 MB default.
      expect(rows).toEqual([{ shared_buffers: '16MB' }]);
    } finally {
      fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
    }
  }, 90_000);
});

describe('PostgreSQL server', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  storeContract('PostgreSQL via DATABASE_URL', () => ({ kind: 'postgres', databaseUrl: server.url }));

  it('two replicas starting at once migrate exactly once', async () => {
    const admin = await openStore({ kind: 'postgres', databaseUrl: server.url });
    await sql`create database replicas`.execute(admin.db);
    await admin.close();
    const replicaUrl = server.url.replace(/\/postgres$/, '/replicas');
    const [a, b] = await Promise.all([openStore({ kind: 'postgres', databaseUrl: replicaUrl }), openStore({ kind: 'postgres', databaseUrl: replicaUrl })]);
    const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(MIGRATION_TABLE)}`.execute(a.db);
    await Promise.all([a.close(), b.close()]);
    expect(rows.rows[0].n).toBe(Object.keys(migrations).length);
  });
});
