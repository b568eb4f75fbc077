/**
 * The Content-Security-Policy the console sends: one for its pages, one for its API answers.
 * Pure (no I/O): proxy.ts sends them and the tests read them.
 */

/** API answers are JSON or streams, never documents: nothing in them may load or run, nor be framed. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * A pod's or a service's page relayed through the API server's proxy (`…/pods/x:8080/proxy/…`): served under the
 * console's origin, so the sandbox directive gives it an opaque origin of its own (no cookies, no console API),
 * and it runs no script and loads nothing but inline styles and data: images.
 */
export const PROXIED_PAGE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/**
 * The console's paths that relay a pod's or a service's own HTTP answers, below `/api/`, as a regular expression's
 * source that next.config.ts's header rules can leave out: those answers are documents under PROXIED_PAGE_POLICY.
 */
export const PROXIED_API_PATH = 'v1/clusters/[^/]+/namespaces/[^/]+/(?:pods|services)/[^/]+/proxy(?:/|$)';

/**
 * A page's policy: nothing from another origin, scripts only with this response's nonce.
 * `dev` adds what `next dev` needs: 'unsafe-eval' (React rebuilds server error stacks with eval)
 * and inline style elements (hot reloading injects them without a nonce).
 */
export function pagePolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    // What a nonced script loads inherits its trust ('strict-dynamic'), so no host list is needed.
    `script-src 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Tailwind's stylesheet is a file and CodeMirror's <style> element carries the nonce. React sets
    // style props (recharts, react-grid-layout) through the CSSOM, which the policy does not govern.
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 128 random bits, base64: unguessable and fresh for every response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
