import 'server-only';
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alarm_acks')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('alarm_arn', 'text', (c) => c.notNull())
    /** The firing acknowledged: the alarm's StateTransitionedTimestamp when it was acknowledged. */
    .addColumn('state_transitioned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('state_value', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('alarm_acks_arn_transition').on('alarm_acks').columns(['alarm_arn', 'state_transitioned_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alarm_acks').execute();
}
