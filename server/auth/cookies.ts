import 'server-only';

export const SESSION_COOKIE = 'watchdeck_session';
export const CSRF_COOKIE = 'watchdeck_csrf';

/**
 * Every value of the named cookie in the header, in its order, leaving out those that do not
 * decode. Another page on the same host can plant a cookie (`watchdeck_session=%`), even beside
 * the real one, so a malformed value counts as absent rather than failing the request.
 */
export function readCookies(request: Request, name: string): string[] {
  const header = request.headers.get('cookie');
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      values.push(decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // not percent-encoding: treated as absent
    }
  }
  return values;
}

/** The first value of the named cookie that decodes. */
export function readCookie(request: Request, name: string): string | undefined {
  return readCookies(request, name)[0];
}

/** Served over HTTPS, directly or behind a TLS-terminating proxy. */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return forwarded ? forwarded === 'https' : new URL(request.url).protocol === 'https:';
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** httpOnly, SameSite=Lax, Path=/, Secure over HTTPS; maxAgeSeconds 0 deletes it. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${options.maxAgeSeconds}`];
  if (options.maxAgeSeconds === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
