import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from '../testing/setup';
import { CSRF_COOKIE } from './cookies';
import { anonymousCsrfToken, checkCsrf, newAnonymousCsrfToken, sessionCsrfToken } from './csrf';

function post(headers: Record<string, string>): Request {
  return new Request('http://console.test:3000/api/v1/auth/sign-out', { method: 'POST', headers: { host: 'console.test:3000', ...headers } });
}

function rejectionOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    return `${(err as { kind: string }).kind}: ${(err as Error).message}`;
  }
  return 'accepted';
}

describe('CSRF checks', () => {
  let t: TestConsole;
  beforeAll(async () => {
    t = await useTestConsole('');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts a same-origin request with the session-bound token', () => {
    const token = sessionCsrfToken('sid-1');
    expect(rejectionOf(() => checkCsrf(post({ origin: 'http://console.test:3000', 'sec-fetch-site': 'same-origin', 'x-csrf-token': token }), 'sid-1'))).toBe('accepted');
  });

  it("refuses another session's token", () => {
    const token = sessionCsrfToken('sid-2');
    expect(rejectionOf(() => checkCsrf(post({ origin: 'http://console.test:3000', 'x-csrf-token': token }), 'sid-1'))).toBe('CsrfRejected: the X-CSRF-Token header does not match this session');
  });

  it('refuses a request without the token header', () => {
    expect(rejectionOf(() => checkCsrf(post({ origin: 'http://console.test:3000' }), 'sid-1'))).toBe('CsrfRejected: the X-CSRF-Token header is missing');
  });

  it('refuses a cross-site request even with the right token', () => {
    const token = sessionCsrfToken('sid-1');
    expect(rejectionOf(() => checkCsrf(post({ origin: 'https://evil.example', 'x-csrf-token': token }), 'sid-1'))).toBe('CsrfRejected: cross-site request refused (Origin: https://evil.example)');
    expect(rejectionOf(() => checkCsrf(post({ 'sec-fetch-site': 'cross-site', 'x-csrf-token': token }), 'sid-1'))).toBe('CsrfRejected: cross-site request refused (Sec-Fetch-Site: cross-site)');
    expect(rejectionOf(() => checkCsrf(post({ 'sec-fetch-site': 'same-site', origin: 'http://console.test:3000', 'x-csrf-token': token }), 'sid-1'))).toBe(
      'CsrfRejected: cross-site request refused (Sec-Fetch-Site: same-site)',
    );
  });

  it('refuses a state-changing request that says nothing of its origin', () => {
    expect(rejectionOf(() => checkCsrf(post({ 'x-csrf-token': sessionCsrfToken('sid-1') }), 'sid-1'))).toBe(
      'CsrfRejected: the request carries neither Origin nor Sec-Fetch-Site; cross-site requests are refused',
    );
  });

  it('does not check GET requests', () => {
    expect(rejectionOf(() => checkCsrf(new Request('http://console.test/api/v1/clusters'), undefined))).toBe('accepted');
  });

  it('before sign-in, accepts the header only when it repeats the signed double-submit cookie', () => {
    const token = newAnonymousCsrfToken();
    const base = { origin: 'http://console.test:3000', cookie: `${CSRF_COOKIE}=${token}` };
    expect(rejectionOf(() => checkCsrf(post({ ...base, 'x-csrf-token': token }), undefined))).toBe('accepted');
    expect(rejectionOf(() => checkCsrf(post({ ...base, 'x-csrf-token': newAnonymousCsrfToken() }), undefined))).toBe('CsrfRejected: the X-CSRF-Token header does not match the CSRF cookie');
    const planted = 'attacker-nonce.attacker-mac';
    expect(rejectionOf(() => checkCsrf(post({ origin: 'http://console.test:3000', cookie: `${CSRF_COOKIE}=${planted}`, 'x-csrf-token': planted }), undefined))).toBe(
      'CsrfRejected: the X-CSRF-Token header does not match the CSRF cookie',
    );
  });

  it("hands out a double-submit cookie once and then keeps the browser's", () => {
    const first = anonymousCsrfToken(new Request('http://console.test/api/v1/auth/session'));
    expect(first.setCookie).toBe(`${CSRF_COOKIE}=${encodeURIComponent(first.token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`);
    const again = anonymousCsrfToken(new Request('https://console.test/api/v1/auth/session', { headers: { cookie: `${CSRF_COOKIE}=${first.token}` } }));
    expect(again).toEqual({ token: first.token });
    const secure = anonymousCsrfToken(new Request('https://console.test/api/v1/auth/session'));
    expect(secure.setCookie?.endsWith('; Secure')).toBe(true);
  });
});
