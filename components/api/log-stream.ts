'use client';
/**
 * Reads a console API log endpoint as text, line by line, for as long as the server keeps it open
 * (follow). A follow that is cut (the API server or the console went away) resumes after a backoff
 * from its last line's timestamp, dropping the lines already shown (lib/log-follow.ts); a follow
 * whose container ended is over, as with kubectl.
 */
import { useEffect, useRef, useState } from 'react';
import { LogBoundary, parseFollowCut, splitTimestamp } from '@/lib/log-follow';
import { isTransient, retryDelayMs } from '@/lib/retry';
import { ApiError, toErrorObject } from './client';
import { reportStreamFailure } from './stream-failures';
import type { ErrorObject } from './types';

/** Older lines are dropped past this, so a long follow cannot exhaust the tab. */
export const MAX_LOG_LINES = 20_000;

export interface LogStream {
  lines: string[];
  loading: boolean;
  /** The server closed the stream (always, unless following). */
  ended: boolean;
  /** What ended the stream, or (while `reconnecting`) what cut the follow. */
  error?: ErrorObject;
  /** A cut follow waits to resume; `nextTryAt` (epoch ms) says when. */
  reconnecting: boolean;
  nextTryAt?: number;
  /** Resumes a cut follow now rather than at `nextTryAt`. */
  retry: () => void;
}

async function failure(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const error = (JSON.parse(text) as { error?: ErrorObject }).error;
    if (error && typeof error.kind === 'string') return new ApiError(error, response.status);
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiError({ kind: 'Internal', message: text || `${response.status} ${response.statusText}` }, response.status);
}

/** The follow's URL with the API server's timestamps, which a resume needs, and with sinceTime instead of tailLines when resuming. */
export function followUrl(url: string, sinceTime: string | undefined): string {
  const [path, search = ''] = url.split('?');
  const params = new URLSearchParams(search);
  params.set('timestamps', 'true');
  if (sinceTime) {
    params.delete('tailLines');
    params.delete('sinceSeconds');
    params.set('sinceTime', sinceTime);
  }
  return `${path}?${params}`;
}

const cutError = (cause: unknown): ErrorObject => ({ kind: 'ConsoleUnreachable', message: `the connection to Watchdeck was cut: ${(cause as Error).message}` });

/** `url` undefined means nothing to read yet. */
export function useLogStream(url: string | undefined): LogStream {
  const tryNow = useRef<() => void>(() => {});
  const [retry] = useState(() => () => tryNow.current());
  const [state, setState] = useState<LogStream>({ lines: [], loading: true, ended: false, reconnecting: false, retry });
  // Another address is another log: it starts empty, in the same render.
  const [reading, setReading] = useState(url);
  if (reading !== url) {
    setReading(url);
    setState({ lines: [], loading: true, ended: false, reconnecting: false, retry });
  }
  useEffect(() => {
    if (!url) return;
    const abort = new AbortController();
    const [path, search = ''] = url.split('?');
    const params = new URLSearchParams(search);
    // One pod's log resumes; the prefixed lines of a label selector's several logs do not carry a timestamp first.
    const follow = params.get('follow') === 'true' && path.endsWith('/log');
    // The lines keep their timestamps only when asked for; a follow reads them anyway, to resume from.
    const showTimestamps = params.get('timestamps') === 'true';
    const boundary = new LogBoundary();
    let buffer: string[] = [];
    let frame = 0;
    let failures = 0;
    const flush = () => {
      frame = 0;
      const added = buffer;
      buffer = [];
      setState((previous) => {
        const lines = previous.lines.concat(added);
        return { ...previous, loading: false, lines: lines.length > MAX_LOG_LINES ? lines.slice(lines.length - MAX_LOG_LINES) : lines };
      });
    };
    /** Takes a followed line: a cut line throws its error; a line already shown before a resume is dropped. */
    const take = (line: string) => {
      if (!follow) return buffer.push(line);
      const cut = parseFollowCut(line);
      if (cut) throw new ApiError(cut as ErrorObject, 0);
      const stamped = splitTimestamp(line);
      if (!stamped) return buffer.push(line);
      if (boundary.keep(stamped.timestamp)) buffer.push(showTimestamps ? line : stamped.text);
    };
    /** One response read to its end; resolves when it ends cleanly. */
    const read = async (target: string) => {
      let response: Response;
      try {
        response = await fetch(target, { credentials: 'same-origin', cache: 'no-store', signal: abort.signal, headers: { Accept: 'text/plain' } });
      } catch (cause) {
        throw new ApiError({ kind: 'ConsoleUnreachable', message: `Watchdeck did not answer: ${(cause as Error).message}` }, 0);
      }
      if (!response.ok) throw await failure(response);
      failures = 0;
      setState((previous) => (previous.reconnecting ? { ...previous, reconnecting: false, error: undefined, nextTryAt: undefined } : previous));
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let partial = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parts = (partial + value).split('\n');
          partial = parts.pop() ?? '';
          for (const part of parts) take(part);
          if (!frame) frame = requestAnimationFrame(flush);
          setState((previous) => (previous.loading ? { ...previous, loading: false } : previous));
        }
      } catch (cause) {
        throw cause instanceof ApiError ? cause : new ApiError(cutError(cause), 0);
      }
      if (partial) take(partial);
    };
    (async () => {
      for (;;) {
        try {
          await read(follow ? followUrl(url, boundary.timestamp) : url);
          flush();
          setState((previous) => ({ ...previous, loading: false, ended: true }));
          return;
        } catch (cause) {
          if (abort.signal.aborted) return;
          flush();
          const error = toErrorObject(cause);
          if (!follow || !isTransient(error)) {
            setState((previous) => ({ ...previous, loading: false, ended: true, reconnecting: false, nextTryAt: undefined, error }));
            reportStreamFailure(error);
            return;
          }
          const delay = retryDelayMs(failures, error);
          failures += 1;
          setState((previous) => ({ ...previous, loading: false, reconnecting: true, error, nextTryAt: Date.now() + delay }));
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delay);
            tryNow.current = () => {
              clearTimeout(timer);
              resolve();
            };
            abort.signal.addEventListener('abort', () => resolve());
          });
          tryNow.current = () => {};
          if (abort.signal.aborted) return;
          boundary.resume();
        }
      }
    })();
    return () => {
      abort.abort();
      tryNow.current = () => {};
      if (frame) cancelAnimationFrame(frame);
    };
  }, [url, retry]);
  return state;
}
