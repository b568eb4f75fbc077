import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pagePolicy } from '@/lib/content-security-policy';

/**
 * A page's Content-Security-Policy names a nonce made for this request; Next.js reads it from the
 * request's header and puts it on the scripts it renders. API answers get theirs from next.config.ts's
 * headers, and the proxied pages' from their route, without this function.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = pagePolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  headers.set('x-nonce', nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Build output is immutable JavaScript and CSS, never a document; API answers are never documents either.
  matcher: ['/((?!_next/static|_next/image|api/).*)'],
};
