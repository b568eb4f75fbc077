/** The fields of log events and the share of events that have each, as GetLogGroupFields answers them. Pure: shared with the sandbox. */
import { discoverJson } from '../logs-insights';

export interface LogGroupField {
  name: string;
  /** Whole percent of the events that have the field. */
  percent: number;
}

/** Highest share first, then by name. */
export const byShare = (a: LogGroupField, b: LogGroupField): number => b.percent - a.percent || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Fields CloudWatch Logs generates for every event. */
export const EVENT_FIELDS = ['@ingestionTime', '@log', '@logStream', '@message', '@timestamp'] as const;

/**
 * The fields found in these messages (JSON members by their dotted names, plus the generated
 * fields), highest share first, then by name. A field found at all counts at least 1 percent.
 */
export function fieldShares(messages: Iterable<string>): LogGroupField[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const message of messages) {
    total++;
    const found = discoverJson(message);
    if (found) for (const name of Object.keys(found)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (total === 0) return [];
  for (const name of EVENT_FIELDS) counts.set(name, total);
  return [...counts].map(([name, n]) => ({ name, percent: Math.max(1, Math.round((n * 100) / total)) })).sort(byShare);
}
