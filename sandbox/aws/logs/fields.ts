/** GetLogGroupFields: the fields of a log group's events around a time, with the share of events that have each. */
import { fieldShares } from '@/lib/logs/field-shares';
import { optionalInt, requireGroup, type Input } from './params';
import type { LogStore } from './store';

const MINUTE = 60_000;
/** Events read per call at most, newest streams first: the answer is a sample, its cost bounded. */
export const FIELD_SAMPLE_EVENTS = 10_000;

/** The window searched: 8 minutes either side of `time` (epoch seconds), or the last 15 minutes without it. */
export function fieldsWindow(time: number | undefined, now: number): { from: number; to: number } {
  return time === undefined ? { from: now - 15 * MINUTE, to: now } : { from: time * 1000 - 8 * MINUTE, to: time * 1000 + 8 * MINUTE };
}

export function getLogGroupFields(store: LogStore, input: Input) {
  const group = requireGroup(store, input);
  const now = store.now();
  const window = fieldsWindow(optionalInt(input, 'time', { min: 0 }), now);
  const from = Math.max(window.from, group.cutoff(now));
  const streams = [...group.streams.values()]
    .filter((s) => s.length > 0 && (s.lastEventTimestamp ?? -Infinity) >= from && (s.firstEventTimestamp ?? Infinity) <= window.to)
    .sort((a, b) => (b.lastEventTimestamp ?? 0) - (a.lastEventTimestamp ?? 0));
  const messages: string[] = [];
  for (const s of streams) {
    for (let i = s.length - 1; i >= 0 && messages.length < FIELD_SAMPLE_EVENTS; i--) {
      const t = s.timestamps[i];
      if (t >= from && t <= window.to) messages.push(s.messages[i]);
    }
  }
  return { logGroupFields: fieldShares(messages) };
}
