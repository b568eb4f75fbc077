import 'server-only';
import { sql, type Kysely } from 'kysely';

/** The audit trail: every write the console made to a cluster for a user, and the API server's answer. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_entries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('groups', 'jsonb', (c) => c.notNull())
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('api_group', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('subresource', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('namespace', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    /** The API server's HTTP answer; 0 when none came. */
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // The page reads newest first within a cluster, by keyset on (at, id); the purge reads by at.
  await db.schema.createIndex('audit_entries_cluster_at').on('audit_entries').columns(['cluster', 'at', 'id']).execute();
  await db.schema.createIndex('audit_entries_user_at').on('audit_entries').columns(['cluster', 'username', 'at', 'id']).execute();
  await db.schema.createIndex('audit_entries_at').on('audit_entries').columns(['at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_entries').execute();
}
