import 'server-only';
import { ConsoleError } from './errors';
import { log } from './observability/logger';
import { writtenResponse, type Write } from './text-stream';

/** What a Server-Sent Events producer writes. */
export interface SseSink {
  /** An event; `id` becomes the browser's Last-Event-ID. */
  event(name: string, data: unknown, id?: string): void;
  /** Moves Last-Event-ID without dispatching anything. */
  id(id: string): void;
  comment(text: string): void;
}

export const HEARTBEAT_MS = 15_000;
/** How long the browser's EventSource waits before reconnecting. */
const RETRY_MS = 3_000;
/** Live streams one user may hold open at once, across tabs. */
export const MAX_STREAMS_PER_USER = 10;

// On globalThis: the metrics listener reads it from another bundle than the routes that count.
const holder = globalThis as unknown as { __watchdeckOpenStreams?: Map<string, number> };
const open = (holder.__watchdeckOpenStreams ??= new Map<string, number>());

export function openStreamCount(user: string): number {
  return open.get(user) ?? 0;
}

/** Live streams open in this process, every user's together. */
export function openStreamTotal(): number {
  let total = 0;
  for (const count of open.values()) total += count;
  return total;
}

/** Counts a stream against its user; throws 429 when they already hold the most allowed. */
export function claimStream(user: string): () => void {
  const count = open.get(user) ?? 0;
  if (count >= MAX_STREAMS_PER_USER) {
    throw new ConsoleError('TooManyRequests', 429, `too many live streams open: at most ${MAX_STREAMS_PER_USER} per user; close another tab or view`);
  }
  open.set(user, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(user) ?? 1) - 1;
    if (left > 0) open.set(user, left);
    else open.delete(user);
  };
}

function field(name: string, value: string): string {
  return value.split(/\r\n|\r|\n/).map((line) => `${name}: ${line}\n`).join('');
}

/**
 * A text/event-stream response driven by `run`: heartbeat comments keep proxies from closing
 * it; when the browser goes away (request aborted or body cancelled), `signal` aborts; when
 * `run` settles, the response ends. `onClose` runs once, whichever happens first.
 */
export function sseResponse(
  run: (sink: SseSink, signal: AbortSignal) => Promise<void>,
  options: { requestSignal?: AbortSignal; onClose?: () => void; heartbeatMs?: number } = {},
): Response {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const sinkOf = (write: Write): SseSink => ({
    event: (name, data, id) => write(`event: ${name}\n${id !== undefined ? field('id', id) : ''}${field('data', JSON.stringify(data))}\n`),
    id: (id) => write(field('id', id) + '\n'),
    comment: (text) => write(`: ${text}\n\n`),
  });
  return writtenResponse((write, signal) => run(sinkOf(write), signal), {
    requestSignal: options.requestSignal,
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' },
    onStart(write) {
      write(`retry: ${RETRY_MS}\n\n`);
      heartbeat = setInterval(() => sinkOf(write).comment('heartbeat'), options.heartbeatMs ?? HEARTBEAT_MS);
    },
    onFailure(err, write) {
      const error = err instanceof ConsoleError ? err.toJSON() : { kind: 'Internal', message: 'internal error' };
      if (!(err instanceof ConsoleError)) log().error({ err }, 'live stream failed');
      // Not "error": EventSource dispatches that name for its own connection failures.
      sinkOf(write).event('failure', error);
    },
    onClose() {
      clearInterval(heartbeat);
      options.onClose?.();
    },
  });
}
