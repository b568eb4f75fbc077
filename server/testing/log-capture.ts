import 'server-only';
/** Test scaffolding: the process's log lines, captured as written. */
import { Writable } from 'node:stream';
import { redirectLogs } from '../observability/logger';

export interface LogCapture {
  /** Every line written so far, as the text that would have reached stdout. */
  lines: string[];
  /** The lines parsed. */
  records(): Record<string, unknown>[];
  restore(): void;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const restore = redirectLogs(sink);
  return { lines, records: () => lines.map((line) => JSON.parse(line)), restore };
}
