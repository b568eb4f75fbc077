import 'server-only';
import type { Kysely } from 'kysely';

/** One row per HPA per recording: replicas, bounds, the algorithm's recommendation, each metric and the target's pods. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hpa_samples')
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('sampled_at', 'timestamptz', (c) => c.notNull())
    .addColumn('current_replicas', 'integer', (c) => c.notNull())
    .addColumn('desired_replicas', 'integer', (c) => c.notNull())
    .addColumn('min_replicas', 'integer', (c) => c.notNull())
    .addColumn('max_replicas', 'integer', (c) => c.notNull())
    .addColumn('recommendation', 'integer')
    .addColumn('metrics', 'jsonb', (c) => c.notNull())
    .addColumn('pods', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('hpa_samples_pk', ['cluster', 'namespace', 'name', 'sampled_at'])
    .execute();
  await db.schema.createIndex('hpa_samples_sampled_at').on('hpa_samples').column('sampled_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hpa_samples').execute();
}
