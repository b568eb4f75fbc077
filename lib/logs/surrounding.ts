/** One event of a log stream as GetLogEvents returns it. */
export interface StreamEvent {
  timestamp: number;
  message: string;
}

/** A line around a record: its time, its text, and whether it is the record itself. */
export interface SurroundingLine {
  timestamp: number;
  /** The container's own line: the `log` field of a Fluent Bit record, else the whole message. */
  text: string;
  record: boolean;
}

/** Lines asked for on each side of a record: enough for a stack trace, few enough for one GetLogEvents page. */
export const DEFAULT_SURROUNDING = 20;
export const MAX_SURROUNDING = 100;

/** A container's line inside its Fluent Bit JSON (`{"log":"\tat …","kubernetes":{…}}`), or the message as it is. */
export function lineText(message: string): string {
  if (!message.trimStart().startsWith('{')) return message;
  try {
    const log = (JSON.parse(message) as { log?: unknown }).log;
    return typeof log === 'string' ? log.replace(/\n$/, '') : message;
  } catch {
    return message;
  }
}

/**
 * The record among its stream's neighbours: `earlier` are the events before the record's millisecond (oldest
 * first), `fromRecord` those from its millisecond on; events in the same millisecond as the record but ahead of
 * it in the stream count as before it. Undefined when `fromRecord` does not hold the record.
 */
export function surroundingLines(record: StreamEvent, earlier: StreamEvent[], fromRecord: StreamEvent[], before: number, after: number): SurroundingLine[] | undefined {
  const at = fromRecord.findIndex((e) => e.timestamp === record.timestamp && e.message === record.message);
  if (at < 0) return undefined;
  const preceding = [...earlier, ...fromRecord.slice(0, at)].slice(-before);
  const following = fromRecord.slice(at + 1, at + 1 + after);
  const line = (e: StreamEvent, isRecord: boolean): SurroundingLine => ({ timestamp: e.timestamp, text: lineText(e.message), record: isRecord });
  return [...preceding.map((e) => line(e, false)), line(fromRecord[at], true), ...following.map((e) => line(e, false))];
}
