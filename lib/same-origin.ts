/**
 * What may leave the console for another site and what may not: the place sign-in returns to, and
 * the images a dashboard's markdown loads. Pure (no I/O): the sign-in page, the dashboards and the
 * tests share it.
 */

/** C0 controls and DEL: browsers strip tab, LF and CR from URLs and treat the rest inconsistently. */
// eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Percent-decoding repeated until nothing changes, so `%252F` is judged as the `/` a later decode would make it. */
function decodedForms(text: string): string[] | undefined {
  const forms = [text];
  for (let i = 0; i < 4; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(forms[forms.length - 1]);
    } catch {
      return undefined;
    }
    if (decoded === forms[forms.length - 1]) return forms;
    forms.push(decoded);
  }
  return undefined;
}

/** A path a browser, a proxy or a router might read as `//host` or `/\host` (another site), in any of its decodings. */
function leavesOrigin(path: string): boolean {
  const forms = decodedForms(path);
  return !forms || forms.some((form) => CONTROL.test(form) || form.includes('\\') || !form.startsWith('/') || form.startsWith('//'));
}

/**
 * `next` as a path on `origin` (path, query and fragment), or `fallback` when it is anything else:
 * absolute or scheme-relative URLs, `javascript:`, backslashes, control characters, and paths whose
 * percent-decoding would start with `//` or hold a backslash. It is parsed as a browser would
 * (WHATWG URL against the console's origin) and kept only if the origin is unchanged.
 */
export function sameOriginPath(next: string | null | undefined, origin: string, fallback = '/'): string {
  if (typeof next !== 'string' || next.length > 4096 || CONTROL.test(next) || next.includes('\\')) return fallback;
  if (leavesOrigin(next.split(/[?#]/, 1)[0])) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  // Dot segments are resolved by the parse: `/..//host` becomes the path `//host`.
  if (url.origin !== new URL(origin).origin || leavesOrigin(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Whether an image URL from markdown loads over http(s) from the origin of `pageUrl` (a relative URL,
 * or an absolute one on that origin), resolved against the page as the browser would resolve it.
 * Without a page to judge by (rendering on the server) no image is.
 */
export function isSameOriginImage(src: string | null | undefined, pageUrl: string | undefined): boolean {
  if (typeof src !== 'string' || src === '' || pageUrl === undefined || CONTROL.test(src)) return false;
  try {
    const page = new URL(pageUrl);
    const url = new URL(src, page);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === page.origin;
  } catch {
    return false;
  }
}
