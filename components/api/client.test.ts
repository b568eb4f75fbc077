import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, pollWhileHealthy } from './client';

describe('pollWhileHealthy', () => {
  const interval = pollWhileHealthy(10_000);

  it('polls at its pace while the last read succeeded', () => {
    expect(interval({ state: { status: 'success' } })).toBe(10_000);
    expect(interval({ state: { status: 'pending' } })).toBe(10_000);
  });

  it('stops polling while the read fails: refusals are final and the retry scheduler backs off the rest', () => {
    expect(interval({ state: { status: 'error' } })).toBe(false);
  });
});

describe('apiRequest', () => {
  afterEach(() => vi.unstubAllGlobals());

  const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { status, headers })),
    );

  it("keeps the console's error object and takes Retry-After from the header when the body has none", async () => {
    answer(429, JSON.stringify({ error: { kind: 'Throttled', message: 'the API server asked to wait' } }), { 'Retry-After': '7' });
    const error = await apiRequest('/api/v1/clusters').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).error).toEqual({ kind: 'Throttled', message: 'the API server asked to wait', retryAfterSeconds: 7 });
    expect((error as ApiError).httpStatus).toBe(429);
  });

  it("reads a proxy's bodiless 503 as the console not answering, and a bodiless 500 as internal", async () => {
    answer(503, '<html>Service Unavailable</html>');
    expect(((await apiRequest('/x').catch((caught: unknown) => caught)) as ApiError).error.kind).toBe('ConsoleUnreachable');
    answer(500, '');
    expect(((await apiRequest('/x').catch((caught: unknown) => caught)) as ApiError).error).toEqual({ kind: 'Internal', message: '500' });
  });

  it('gives up on a console that does not answer within the timeout, saying how long it waited', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((_path: string, init: RequestInit) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))),
    );
    const error = (await apiRequest('/x', { timeoutMs: 1_000 }).catch((caught: unknown) => caught)) as ApiError;
    expect(error.error).toEqual({ kind: 'ConsoleUnreachable', message: 'Watchdeck did not answer within 1 s', timeoutSeconds: 1 });
  });
});
