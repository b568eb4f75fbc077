/**
 * Feeds the bench's JSON lines file, or a byte range of it, into a query run, the way a store
 * hands out events: each line one event with its stored size and its timestamp. Shared by the
 * single-threaded run and the worker threads of the parallel one, so both read alike.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import type { LogEvent, QueryRun } from '@/lib/logs-insights';

export const GROUP = '/aws/containerinsights/eks-work-cluster/application';
/** Read at a time: about the 2,000 events the sandbox's query scheduler pushes at once. */
const CHUNK = 1 << 20;
const TIME_TAIL = '"time":"2026-01-01T00:00:00.000Z"}'.length;

const two = (b: Buffer, i: number) => (b[i] - 48) * 10 + b[i + 1] - 48;

/** The day of the line read last, as its text's eight digits, and its start: lines of one day share it. */
let lastDay = -1;
let lastDayMs = 0;

/**
 * The event time Fluentd wrote as the line's last member (`"time":"2026-01-01T00:00:00.000Z"}`),
 * as CloudWatch Logs takes it for the event's timestamp; read from the bytes, as parsing each
 * line's JSON for it would cost more than the query.
 */
function lineTime(b: Buffer, from: number, end: number): number {
  const t = end - TIME_TAIL + 8;
  if (end - from < TIME_TAIL || b[end - 1] !== 125 || b[t - 1] !== 34 || b[t + 10] !== 84 || b[t + 23] !== 90) {
    throw new Error(`line at byte ${from} does not end with its "time" member`);
  }
  const day = two(b, t) * 1_000_000 + two(b, t + 2) * 10_000 + two(b, t + 5) * 100 + two(b, t + 8);
  if (day !== lastDay) {
    lastDay = day;
    lastDayMs = Date.UTC(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100);
  }
  return lastDayMs + two(b, t + 11) * 3_600_000 + two(b, t + 14) * 60_000 + two(b, t + 17) * 1000 + two(b, t + 20) * 10 + b[t + 22] - 48;
}

/**
 * Pushes every line that starts in [start, end) of `file` into `run` (a line started before `end`
 * is read to its end), in chunks of about 1 MB. A range that starts inside a line leaves that
 * line to the range before it.
 */
export function scanRange(file: string, run: QueryRun, start = 0, end = Infinity): void {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    // The bytes held from the last read (the start of a line it cut off), at the buffer's start.
    let held = 0;
    let position = start;
    let skipFirst = start > 0;
    if (skipFirst) {
      // The line before `start` ends at start - 1 exactly when this range starts a line.
      position = start - 1;
    }
    for (;;) {
      if (held === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const read = readSync(fd, buffer, held, buffer.length - held, position);
      const filled = held + read;
      let from = 0;
      if (skipFirst) {
        const nl = buffer.indexOf(10, 0);
        if (nl < 0 || nl >= filled) {
          if (read === 0) return;
          position += read;
          continue;
        }
        from = nl + 1;
        skipFirst = false;
      }
      // Where in the file byte 0 of the buffer lies: lines starting at or past `end` are another range's.
      const base = position - held;
      const events: LogEvent[] = [];
      // ASCII reads the same as Latin-1, which decodes without checking sequences.
      const encoding = isAscii(buffer.subarray(from, filled)) ? 'latin1' : 'utf8';
      let done = false;
      for (let nl = buffer.indexOf(10, from); nl !== -1 && nl < filled; nl = buffer.indexOf(10, from)) {
        if (base + from >= end) {
          done = true;
          break;
        }
        events.push({ timestamp: lineTime(buffer, from, nl), message: buffer.toString(encoding, from, nl), logStream: 'bench', logGroup: GROUP, bytes: nl - from });
        from = nl + 1;
      }
      if (events.length > 0) run.push(events);
      position += read;
      if (done || base + from >= end) return;
      if (read === 0) {
        // The last line, without a newline after it.
        if (from < filled) run.push([{ timestamp: lineTime(buffer, from, filled), message: buffer.toString('utf8', from, filled), logStream: 'bench', logGroup: GROUP, bytes: filled - from }]);
        return;
      }
      buffer.copy(buffer, 0, from, filled);
      held = filled - from;
    }
  } finally {
    closeSync(fd);
  }
}
