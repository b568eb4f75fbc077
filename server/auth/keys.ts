import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** A 32-byte key for one purpose, derived from the session secret. */
export function deriveKey(secret: string, purpose: 'session cookie' | 'csrf token' | 'oidc tokens' | 'oidc sign-in'): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'watchdeck', purpose, 32));
}

export function hmac(key: Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
