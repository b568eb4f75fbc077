import { NextResponse, type NextRequest } from 'next/server';
import { API_POLICY, newNonce, pagePolicy, PROXIED_PAGE_POLICY, PROXIED_PATH } from '@/lib/content-security-policy';

/**
 * Every answer carries a Content-Security-Policy. A page's names a nonce made for this request;
 * Next.js reads it from the request's header and puts it on the scripts it renders.
 */
export function proxy(request: NextRequest): NextResponse {
  if (/^\/api(\/|$)/.test(request.nextUrl.pathname)) {
    const response = NextResponse.next();
    response.headers.set('Content-Security-Policy', PROXIED_PATH.test(request.nextUrl.pathname) ? PROXIED_PAGE_POLICY : API_POLICY);
    return response;
  }
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
  // Build output is immutable JavaScript and CSS, never a document.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
