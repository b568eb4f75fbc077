import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonRoute } from '../http';
import { requestId } from './request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestId', () => {
  it("takes a trusted proxy's sane id as it is", () => {
    for (const id of ['0f8fad5b-d9cb-469f-a165-70867728950e', 'a1b2c3d4e5f60718', '1-67891233-abcdef012345678912345678', 'x'.repeat(128), 'ingress.abc_1:2']) {
      expect(requestId(id, true)).toBe(id);
    }
  });

  it('replaces a hostile id: too long, control characters, spaces, quotes, empty', () => {
    for (const id of ['x'.repeat(129), 'abc\ninjected log line', 'abc\r', 'a\u0000b', 'a b', 'a"b', '', '-leading-dash', 'ümlaut']) {
      const made = requestId(id, true);
      expect(made).toMatch(UUID);
      expect(made).not.toBe(id);
    }
  });

  it('makes a new id when no proxy is trusted to set one, or none is sent', () => {
    expect(requestId('0f8fad5b-d9cb-469f-a165-70867728950e', false)).toMatch(UUID);
    expect(requestId('0f8fad5b-d9cb-469f-a165-70867728950e', false)).not.toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(requestId(null, true)).toMatch(UUID);
  });
});

describe('X-Request-Id on answers', () => {
  afterEach(() => vi.unstubAllEnvs());
  const route = jsonRoute(async () => ({ ok: true }));
  const call = (headers: Record<string, string>) => route(new Request('http://console.test/api/v1/healthz', { headers }), undefined);

  it('echoes the id a trusted proxy set, only when WATCHDECK_TRUST_REQUEST_ID=true', async () => {
    vi.stubEnv('WATCHDECK_TRUST_REQUEST_ID', 'true');
    expect((await call({ 'x-request-id': 'lb-7f3a9c' })).headers.get('x-request-id')).toBe('lb-7f3a9c');
    vi.stubEnv('WATCHDECK_TRUST_REQUEST_ID', 'false');
    const untrusted = (await call({ 'x-request-id': 'lb-7f3a9c' })).headers.get('x-request-id');
    expect(untrusted).toMatch(UUID);
  });

  it('answers each request with an id of its own when none is taken', async () => {
    const [a, b] = await Promise.all([call({}), call({})]);
    expect(a.headers.get('x-request-id')).toMatch(UUID);
    expect(b.headers.get('x-request-id')).toMatch(UUID);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});
