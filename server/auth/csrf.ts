import 'server-only';
import { randomBytes } from 'node:crypto';
import { config } from '../config';
import { consoleErrors } from '../errors';
import { CSRF_COOKIE, isHttps, readCookies, serializeCookie } from './cookies';
import { deriveKey, hmac, safeEqual } from './keys';

export const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function csrfKey(): Uint8Array {
  return deriveKey(config().sessionSecret, 'csrf token');
}

/** The CSRF token bound to a session: only the server can compute it. */
export function sessionCsrfToken(sessionId: string): string {
  return hmac(csrfKey(), `session:${sessionId}`);
}

/** A double-submit token for requests without a session, signed so a cookie planted by a sibling host is refused. */
export function newAnonymousCsrfToken(): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${hmac(csrfKey(), `anonymous:${nonce}`)}`;
}

function validAnonymousToken(token: string): boolean {
  const [nonce, mac, extra] = token.split('.');
  return !!nonce && !!mac && extra === undefined && safeEqual(mac, hmac(csrfKey(), `anonymous:${nonce}`));
}

/** The anonymous token the browser holds, or a new one with the cookie that carries it. */
export function anonymousCsrfToken(request: Request): { token: string; setCookie?: string } {
  const existing = readCookies(request, CSRF_COOKIE).find(validAnonymousToken);
  if (existing) return { token: existing };
  const token = newAnonymousCsrfToken();
  return { token, setCookie: serializeCookie(CSRF_COOKIE, token, { maxAgeSeconds: 24 * 60 * 60, secure: isHttps(request) }) };
}

function requestHost(request: Request): string {
  return request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || new URL(request.url).host;
}

/** Browsers say where a request comes from; a state-changing one must come from this console's own pages. */
export function checkSameOrigin(request: Request): void {
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  if (site === null && origin === null) throw consoleErrors.csrfRejected('the request carries neither Origin nor Sec-Fetch-Site; cross-site requests are refused');
  if (site !== null && site !== 'same-origin') throw consoleErrors.csrfRejected(`cross-site request refused (Sec-Fetch-Site: ${site})`);
  if (origin !== null) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw consoleErrors.csrfRejected(`cross-site request refused (Origin: ${origin})`);
    }
    if (host !== requestHost(request)) throw consoleErrors.csrfRejected(`cross-site request refused (Origin: ${origin})`);
  }
}

/**
 * Refuses a state-changing request unless it comes from this console's pages and carries the
 * CSRF token: the session's when signed in, else the one in the double-submit cookie.
 */
export function checkCsrf(request: Request, sessionId: string | undefined): void {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return;
  checkSameOrigin(request);
  const sent = request.headers.get(CSRF_HEADER);
  if (!sent) throw consoleErrors.csrfRejected('the X-CSRF-Token header is missing');
  if (sessionId !== undefined) {
    if (!safeEqual(sent, sessionCsrfToken(sessionId))) throw consoleErrors.csrfRejected('the X-CSRF-Token header does not match this session');
    return;
  }
  if (!readCookies(request, CSRF_COOKIE).some((cookie) => validAnonymousToken(cookie) && safeEqual(sent, cookie))) {
    throw consoleErrors.csrfRejected('the X-CSRF-Token header does not match the CSRF cookie');
  }
}
