'use client';
/** Reads a console API log endpoint as text, line by line, for as long as the server keeps it open (follow). */
import { useEffect, useState } from 'react';
import { ApiError, toErrorObject } from './client';
import type { ErrorObject } from './types';

/** Older lines are dropped past this, so a long follow cannot exhaust the tab. */
export const MAX_LOG_LINES = 20_000;

export interface LogStream {
  lines: string[];
  loading: boolean;
  /** The server closed the stream (always, unless following). */
  ended: boolean;
  error?: ErrorObject;
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

/** `url` undefined means nothing to read yet. */
export function useLogStream(url: string | undefined): LogStream {
  const [state, setState] = useState<LogStream>({ lines: [], loading: true, ended: false });
  useEffect(() => {
    if (!url) return;
    const abort = new AbortController();
    let buffer: string[] = [];
    let frame = 0;
    setState({ lines: [], loading: true, ended: false });
    const flush = () => {
      frame = 0;
      const added = buffer;
      buffer = [];
      setState((previous) => {
        const lines = previous.lines.concat(added);
        return { ...previous, loading: false, lines: lines.length > MAX_LOG_LINES ? lines.slice(lines.length - MAX_LOG_LINES) : lines };
      });
    };
    (async () => {
      try {
        const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', signal: abort.signal, headers: { Accept: 'text/plain' } });
        if (!response.ok) throw await failure(response);
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        let partial = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parts = (partial + value).split('\n');
          partial = parts.pop() ?? '';
          buffer.push(...parts);
          if (!frame) frame = requestAnimationFrame(flush);
          setState((previous) => (previous.loading ? { ...previous, loading: false } : previous));
        }
        if (partial) buffer.push(partial);
        flush();
        setState((previous) => ({ ...previous, loading: false, ended: true }));
      } catch (error) {
        if (abort.signal.aborted) return;
        setState((previous) => ({ ...previous, loading: false, ended: true, error: toErrorObject(error) }));
      }
    })();
    return () => {
      abort.abort();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [url]);
  return state;
}
