import 'server-only';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { config } from '../config';
import { migrationProvider } from './migrations';
import { log } from '../observability/logger';
import { pglitePool } from './pglite-pool';
import type { Database } from './schema';

export type { Database } from './schema';

export interface Store {
  /**
   * Inside `db.transaction().execute(tx => …)` query through `tx` only: PGlite is a single
   * connection, so a query through `db` there waits for the transaction to end, forever.
   */
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export type StoreOptions =
  | { kind: 'postgres'; databaseUrl: string }
  /** dataDir undefined keeps the database in memory. */
  | { kind: 'pglite'; dataDir?: string };

export const MIGRATION_TABLE = 'watchdeck_migrations';

/** Applies every pending migration; a lock row in the database keeps replicas from migrating at once. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    // Migrations are numbered as they are written; a store may have applied a later one first.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** The console's own tables are small: Postgres's default 128 MB of shared buffers would be idle memory. */
const PGLITE_CONF = ['shared_buffers=16MB'];

/**
 * A new data directory is made by initdb in a short-lived process: run here, its memory (hundreds of
 * MB) would stay with the console. Where no process can be started, it runs here all the same.
 */
async function initDataDir(dataDir: string): Promise<void> {
  const script = `import { PGlite } from '@electric-sql/pglite'; await (await PGlite.create({ dataDir: process.argv[1], postgresqlconf: ${JSON.stringify(PGLITE_CONF)} })).close();`;
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, dataDir], { cwd: process.cwd(), timeout: 120_000 });
  } catch {
    await (await PGlite.create({ dataDir, postgresqlconf: PGLITE_CONF })).close();
  }
}

/** The embedded database, in `dataDir` or in memory. */
async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  if (!dataDir) return PGlite.create({ postgresqlconf: PGLITE_CONF });
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(`${dataDir}/PG_VERSION`)) await initDataDir(dataDir);
  return PGlite.create({ dataDir, postgresqlconf: PGLITE_CONF });
}

/** Opens the store and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server drops (a restart, a failover) is discarded by the pool and
    // replaced on the next query; without a listener its 'error' event would end the process.
    pool.on('error', (err) => log().error({ err }, 'database connection lost'));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const pglite = await openPglite(options.dataDir);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) });
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, kind: options.kind, close: () => db.destroy() };
}

export function storeOptionsFromConfig(): StoreOptions {
  const { databaseUrl, dataDir } = config();
  return databaseUrl ? { kind: 'postgres', databaseUrl } : { kind: 'pglite', dataDir: `${dataDir}/pglite` };
}

const cache = globalThis as unknown as { __watchdeckStore?: Promise<Store> };

/** The process's store, opened (and migrated) on first use. */
export function store(): Promise<Store> {
  cache.__watchdeckStore ??= openStore(storeOptionsFromConfig()).catch((err) => {
    cache.__watchdeckStore = undefined;
    throw err;
  });
  return cache.__watchdeckStore;
}

/** Closes the process's store; the next store() opens it again from the configuration. */
export async function closeStore(): Promise<void> {
  const current = cache.__watchdeckStore;
  cache.__watchdeckStore = undefined;
  if (current) await (await current).close();
}
