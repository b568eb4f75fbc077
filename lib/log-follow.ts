/**
 * Resuming a followed log without losing or repeating a line, as `kubectl logs -f` would if it
 * reconnected: the lines carry the API server's timestamps (timestamps=true), the follow is opened
 * again with sinceTime = the last line's timestamp, and the lines at that boundary already shown are
 * dropped. The boundary is as exact as the timestamps: RFC3339Nano, so lines stamped in the same
 * nanosecond are told apart only by how many of them were shown, in the order the kubelet gives them.
 */

/** The line a followed log ends with when the API server's stream was cut, the console's error as JSON after it. */
export const FOLLOW_CUT_PREFIX = '[watchdeck] the follow was cut: ';

export interface FollowCut {
  kind: string;
  message: string;
  retryAfterSeconds?: number;
  status?: { code?: number };
}

export function followCutLine(error: FollowCut): string {
  return `${FOLLOW_CUT_PREFIX}${JSON.stringify(error)}`;
}

/** The error a cut line carries, or undefined for any other line. */
export function parseFollowCut(line: string): FollowCut | undefined {
  if (!line.startsWith(FOLLOW_CUT_PREFIX)) return undefined;
  try {
    const error = JSON.parse(line.slice(FOLLOW_CUT_PREFIX.length)) as FollowCut;
    return typeof error.kind === 'string' && typeof error.message === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/** A log line as timestamps=true gives it: the RFC3339Nano timestamp, and the text after its space. */
export function splitTimestamp(line: string): { timestamp: string; text: string } | undefined {
  const match = STAMP.exec(line);
  return match ? { timestamp: line.slice(0, match[0].length - 1), text: line.slice(match[0].length) } : undefined;
}

/** A timestamp as a string that sorts as time does: UTC seconds and nine fraction digits (RFC3339Nano trims trailing zeros). */
export function timestampKey(timestamp: string): string {
  const match = STAMP.exec(`${timestamp} `);
  if (!match) return timestamp;
  const [, seconds, fraction = '', zone] = match;
  const utc = zone === 'Z' ? seconds : new Date(`${seconds}${zone}`).toISOString().slice(0, 19);
  return `${utc}.${fraction.padEnd(9, '0')}`;
}

/**
 * The last timestamp shown and how many lines carried it. After `resume`, `keep` drops what the
 * boundary says was shown (older lines, and as many lines with the last timestamp as were shown)
 * until the first new line; lines are then taken as they come, as the kubelet orders them.
 */
export class LogBoundary {
  /** The last shown line's timestamp as the API server wrote it: the resume's sinceTime. */
  timestamp: string | undefined;
  private key: string | undefined;
  private shownAtKey = 0;
  private toSkip = 0;
  private resuming = false;

  /** Starts dropping the lines a follow opened again from `timestamp` repeats. */
  resume(): void {
    this.resuming = this.key !== undefined;
    this.toSkip = this.shownAtKey;
  }

  /** Whether the line with this timestamp is new; a kept line moves the boundary. */
  keep(timestamp: string): boolean {
    const key = timestampKey(timestamp);
    if (this.resuming && this.key !== undefined) {
      if (key < this.key) return false;
      if (key === this.key && this.toSkip > 0) {
        this.toSkip -= 1;
        return false;
      }
      this.resuming = false;
    }
    if (key === this.key) this.shownAtKey += 1;
    else {
      this.key = key;
      this.timestamp = timestamp;
      this.shownAtKey = 1;
    }
    return true;
  }
}
