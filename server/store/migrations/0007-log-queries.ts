import 'server-only';
import { sql, type Kysely } from 'kysely';

/** Logs Insights queries, their rows, and the account-wide line they wait in, shared by every replica. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('log_queries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    /** Whose lane and share the query counts in: cluster, newline, username. */
    .addColumn('owner_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('access', 'jsonb', (c) => c.notNull())
    .addColumn('start', 'jsonb')
    .addColumn('aws_query_id', 'text')
    /** 'waiting' or 'running' while the query holds a place in the line; null otherwise. */
    .addColumn('line', 'text')
    .addColumn('line_seq', 'bigint')
    .addColumn('statistics', 'jsonb', (c) => c.notNull())
    .addColumn('result_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('running_rows', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('rows_withheld', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'jsonb')
    .addColumn('created_ms', 'double precision', (c) => c.notNull())
    .addColumn('last_seen_ms', 'double precision', (c) => c.notNull())
    .addColumn('checked_ms', 'double precision')
    .addColumn('claimed_ms', 'double precision')
    .addColumn('finished_ms', 'double precision')
    .addColumn('runner', 'text')
    .addColumn('heartbeat_ms', 'double precision')
    .execute();
  await db.schema.createIndex('log_queries_line').on('log_queries').columns(['line', 'owner_key', 'line_seq']).where(sql.ref('line'), 'is not', null).execute();
  await db.schema.createIndex('log_queries_unfinished').on('log_queries').columns(['last_seen_ms']).where(sql.ref('finished_ms'), 'is', null).execute();
  await db.schema.createIndex('log_queries_finished').on('log_queries').columns(['finished_ms']).execute();

  await db.schema
    .createTable('log_query_rows')
    .addColumn('query_id', 'text', (c) => c.notNull().references('log_queries.id').onDelete('cascade'))
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addColumn('rows', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('log_query_rows_pk', ['query_id', 'chunk'])
    .execute();

  await db.schema
    .createTable('log_query_lanes')
    .addColumn('owner_key', 'text', (c) => c.primaryKey())
    /** The lane served next has the smallest turn. */
    .addColumn('turn', 'bigint', (c) => c.notNull())
    .execute();

  // One row: locked by every change to the line, and when the service last refused a start for the quota.
  await db.schema
    .createTable('log_query_line')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('blocked_until_ms', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into log_query_line (id, blocked_until_ms) values (1, 0)`.execute(db);
  await sql`create sequence log_query_line_seq`.execute(db);

  await db.schema
    .createTable('live_streams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('replica', 'text', (c) => c.notNull())
    .addColumn('expires_ms', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_streams_owner').on('live_streams').columns(['owner', 'expires_ms']).execute();
  await db.schema.createIndex('live_streams_replica').on('live_streams').columns(['replica']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('live_streams').execute();
  await sql`drop sequence log_query_line_seq`.execute(db);
  await db.schema.dropTable('log_query_line').execute();
  await db.schema.dropTable('log_query_lanes').execute();
  await db.schema.dropTable('log_query_rows').execute();
  await db.schema.dropTable('log_queries').execute();
}
