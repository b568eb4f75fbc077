import 'server-only';
/**
 * Acknowledgements of firing alarms, kept in Watchdeck's store and shown to everyone: who, when,
 * a note. An acknowledgement belongs to one firing (the alarm's state transition), so the next
 * time the alarm fires it is unacknowledged again. CloudWatch is not touched.
 */
import type { Acknowledgement } from '@/lib/alarms/types';
import { store } from '../store';

export const MAX_NOTE = 2_000;

function toAck(row: { alarm_arn: string; state_transitioned_at: Date; state_value: string; acknowledged_by: string; note: string; created_at: Date }): Acknowledgement {
  return {
    alarmArn: row.alarm_arn,
    stateTransitionedAt: new Date(row.state_transitioned_at).toISOString(),
    stateValue: row.state_value,
    by: row.acknowledged_by,
    note: row.note,
    at: new Date(row.created_at).toISOString(),
  };
}

export async function addAcknowledgement(ack: { alarmArn: string; stateTransitionedAt: string; stateValue: string; by: string; note: string }): Promise<Acknowledgement> {
  const { db } = await store();
  const row = await db
    .insertInto('alarm_acks')
    .values({ alarm_arn: ack.alarmArn, state_transitioned_at: new Date(ack.stateTransitionedAt), state_value: ack.stateValue, acknowledged_by: ack.by, note: ack.note })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAck(row);
}

/** The acknowledgements of these alarms' current firings, newest first per alarm. */
export async function acknowledgementsFor(alarms: { arn: string; since: string }[]): Promise<Map<string, Acknowledgement[]>> {
  const out = new Map<string, Acknowledgement[]>();
  if (alarms.length === 0) return out;
  const { db } = await store();
  const rows = await db
    .selectFrom('alarm_acks')
    .selectAll()
    .where(
      'alarm_arn',
      'in',
      alarms.map((a) => a.arn),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const since = new Map(alarms.map((a) => [a.arn, new Date(a.since).getTime()]));
  for (const row of rows) {
    if (new Date(row.state_transitioned_at).getTime() !== since.get(row.alarm_arn)) continue;
    const list = out.get(row.alarm_arn) ?? [];
    list.push(toAck(row));
    out.set(row.alarm_arn, list);
  }
  return out;
}
