import 'server-only';
import type { Kysely } from 'kysely';

/**
 * A finished query's rows are kept gzipped (`packed`): stored as jsonb, 100,000 rows of Container Insights lines are
 * some 60 MB that the embedded database takes in and gives back through its own memory, which grows by several times
 * that and never shrinks. Chunks written before this keep their `rows`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('log_query_rows').addColumn('packed', 'bytea').execute();
  await db.schema
    .alterTable('log_query_rows')
    .alterColumn('rows', (c) => c.dropNotNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db
    .deleteFrom('log_query_rows' as never)
    .where('rows' as never, 'is', null)
    .execute();
  await db.schema
    .alterTable('log_query_rows')
    .alterColumn('rows', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('log_query_rows').dropColumn('packed').execute();
}
