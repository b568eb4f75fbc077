import { describe, expect, it } from 'vitest';
import { ConsoleError } from './errors';
import { claimStream, MAX_STREAMS_PER_USER, openStreamCount, sseResponse } from './sse';
import { SseReader } from './testing/sse-reader';

describe('Server-Sent Events', () => {
  it('sends heartbeat comments while the producer is quiet, and multi-line data as several data lines', async () => {
    let finish!: () => void;
    const response = sseResponse(
      async (sink) => {
        sink.event('note', 'a\nb', '7');
        await new Promise<void>((resolve) => (finish = resolve));
      },
      { heartbeatMs: 20 },
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = new SseReader(response);
    expect(await reader.next()).toEqual({ event: 'note', id: '7', data: '"a\\nb"' });
    await new Promise((r) => setTimeout(r, 70));
    finish();
    expect(await reader.next()).toBeUndefined();
    expect(reader.comments.filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(2);
  });

  it('ends with a failure event carrying the error object when the producer fails', async () => {
    const response = sseResponse(async () => {
      throw new ConsoleError('Status', 500, 'etcdserver: request timed out', { code: 500, message: 'etcdserver: request timed out' });
    });
    const reader = new SseReader(response);
    expect(await reader.next()).toEqual({ event: 'failure', data: JSON.stringify({ kind: 'Status', message: 'etcdserver: request timed out', status: { code: 500, message: 'etcdserver: request timed out' } }) });
    expect(await reader.next()).toBeUndefined();
  });

  it('aborts the producer and runs onClose once when the browser goes away', async () => {
    let aborted = false;
    let closes = 0;
    const response = sseResponse(
      (_sink, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve()))),
      { onClose: () => (closes += 1) },
    );
    await response.body!.cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect([aborted, closes]).toEqual([true, 1]);
  });

  it('refuses a user more than the allowed live streams with 429, and frees a slot once', () => {
    const releases = Array.from({ length: MAX_STREAMS_PER_USER }, () => claimStream('token:abc'));
    expect(openStreamCount('token:abc')).toBe(MAX_STREAMS_PER_USER);
    expect(() => claimStream('token:abc')).toThrow(expect.objectContaining({ kind: 'TooManyRequests', httpStatus: 429 }));
    expect(openStreamCount('token:other')).toBe(0);
    releases[0]();
    releases[0]();
    expect(openStreamCount('token:abc')).toBe(MAX_STREAMS_PER_USER - 1);
    for (const release of releases) release();
    expect(openStreamCount('token:abc')).toBe(0);
  });
});
