import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConsoleError } from './errors';
import { beginDrain, endDrain } from './lifecycle';
import { claimStream, MAX_STREAMS_PER_USER, openStreamCount, openStreams, sseResponse, STREAM_LEASE_MS } from './sse';
import { store } from './store';
import { kubeconfigYaml, useTestConsole, type TestConsole } from './testing/setup';
import { SseReader } from './testing/sse-reader';

// Live-stream claims are rows of the store, shared by every replica.
let t: TestConsole;
beforeAll(async () => {
  t = await useTestConsole(kubeconfigYaml({ clusters: [], users: [], contexts: [] }));
});
afterAll(() => t?.close());

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
    expect(await reader.next()).toEqual({
      event: 'failure',
      data: JSON.stringify({ kind: 'Status', message: 'etcdserver: request timed out', status: { code: 500, message: 'etcdserver: request timed out' } }),
    });
    expect(await reader.next()).toBeUndefined();
  });

  it('aborts the producer and runs onClose once when the browser goes away', async () => {
    let aborted = false;
    let closes = 0;
    const response = sseResponse((_sink, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve()))), { onClose: () => (closes += 1) });
    await response.body!.cancel();
    await vi.waitFor(() => expect([aborted, closes]).toEqual([true, 1]), { timeout: 2_000, interval: 5 });
  });

  it('refuses a user more than the allowed live streams with 429, and frees a slot once', async () => {
    const releases = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) releases.push(await claimStream('token:abc'));
    expect(await openStreamCount('token:abc')).toBe(MAX_STREAMS_PER_USER);
    expect(openStreams()).toBe(MAX_STREAMS_PER_USER);
    await expect(claimStream('token:abc')).rejects.toMatchObject({
      kind: 'TooManyRequests',
      httpStatus: 429,
      message: `too many live streams open: at most ${MAX_STREAMS_PER_USER} per user; close another tab or view`,
    });
    expect(await openStreamCount('token:other')).toBe(0);
    await releases[0]();
    await releases[0]();
    expect(await openStreamCount('token:abc')).toBe(MAX_STREAMS_PER_USER - 1);
    for (const release of releases) await release();
    expect(await openStreamCount('token:abc')).toBe(0);
    expect(openStreams()).toBe(0);
  });

  it("counts another replica's streams against the user until their lease runs out", async () => {
    const { db } = await store();
    const now = Date.now();
    // Nine held by a live replica, and one by a replica whose lease ran out (it died without freeing it).
    const rows = Array.from({ length: MAX_STREAMS_PER_USER - 1 }, (_, i) => ({ id: `live-${i}`, owner: 'token:shared', replica: 'replica-b', expires_ms: now + STREAM_LEASE_MS }));
    await db
      .insertInto('live_streams')
      .values([...rows, { id: 'dead-0', owner: 'token:shared', replica: 'replica-c', expires_ms: now - 1 }])
      .execute();
    expect(await openStreamCount('token:shared')).toBe(MAX_STREAMS_PER_USER - 1);
    const release = await claimStream('token:shared');
    await expect(claimStream('token:shared')).rejects.toMatchObject({ kind: 'TooManyRequests', httpStatus: 429 });
    await release();
    await db.deleteFrom('live_streams').where('owner', '=', 'token:shared').execute();
  });
});

describe('live streams when the process shuts down', () => {
  afterAll(() => endDrain());

  it('ends an open stream with a short retry and a reconnect event, so EventSource reconnects to another replica', async () => {
    const response = sseResponse((_sink, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve())));
    const text = response.text();
    beginDrain('shutting down');
    // The usual 3 s retry first, then the shutdown's: reconnect after 250 ms; the body then ends.
    expect(await text).toBe('retry: 3000\n\nretry: 250\n\nevent: reconnect\ndata: {"reason":"this console replica is shutting down"}\n\n');
  });
});
