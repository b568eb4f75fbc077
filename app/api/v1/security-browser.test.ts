/**
 * The console's security in the browser, from the server's side: sign-in follows `next` only to a
 * path on the console; every page and API answer carries a Content-Security-Policy, a page's with
 * a nonce of its own; a dashboard's markdown loads no image from another site and links no script.
 */
import { unstable_doesMiddlewareMatch, unstable_getResponseFromNextConfig } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { NextIntlClientProvider } from 'next-intl';
import { createElement, isValidElement, type ComponentProps, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextWidget } from '@/components/dashboards/widgets/text-widget';
import { SignInForm } from '@/components/sign-in/sign-in-form';
import { API_POLICY, pagePolicy } from '@/lib/content-security-policy';
import en from '@/messages/en.json';
import nextConfig from '@/next.config';
import { config as proxyConfig, proxy } from '@/proxy';
import SignInPage from '../../sign-in/page';

const ORIGIN = 'http://console.test:3000';
const NONCE = /'nonce-([A-Za-z0-9+/]{22}==)'/;

vi.mock('next/headers', () => ({ headers: async () => new Headers({ host: 'console.test:3000' }) }));
// The page's words come from the request's message file, which a test that renders the page's function alone has not got.
vi.mock('next-intl/server', () => ({ getTranslations: async () => (key: string) => key }));

/** The element of type `type` in a rendered tree. */
function findElement(node: ReactNode, type: unknown): ReactElement<Record<string, unknown>> | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findElement(child, type);
      if (found) return found;
    }
    return undefined;
  }
  if (!isValidElement<{ children?: ReactNode }>(node)) return undefined;
  if (node.type === type) return node as ReactElement<Record<string, unknown>>;
  return findElement(node.props.children, type);
}

/** Where the sign-in page sends the browser after signing in, given the `next` of its URL. */
async function signInTarget(next: string | string[] | undefined): Promise<unknown> {
  const page = await SignInPage({ searchParams: Promise.resolve(next === undefined ? {} : { next }), params: Promise.resolve({}) } as never);
  return findElement(page, SignInForm)?.props.next;
}

describe('sign-in follows next only to a path on the console', () => {
  it.each([
    ['//evil.example'],
    ['/\\evil.example'],
    ['\\/evil.example'],
    ['/\t/evil.example'],
    ['/%09/evil.example'],
    ['/%5C/evil.example'],
    ['/%2F%2Fevil.example'],
    ['/..//evil.example'],
    ['javascript:alert(document.domain)'],
    ['https://evil.example'],
    [`${ORIGIN}/c/eks-work-cluster`],
  ])('next=%j leads to the default page', async (next) => {
    expect(await signInTarget(next)).toBe('/');
  });

  it('a path on the console is followed as it was given', async () => {
    expect(await signInTarget('/c/eks-work-cluster/pods?namespace=eks-work#x')).toBe('/c/eks-work-cluster/pods?namespace=eks-work#x');
  });

  it('no next, or next given twice, leads to the default page', async () => {
    expect(await signInTarget(undefined)).toBe('/');
    expect(await signInTarget(['/c/eks-work-cluster', '//evil.example'])).toBe('/');
  });
});

describe('Content-Security-Policy', () => {
  function answer(path: string): { policy: string | null; forwarded: string | null; nonce: string | null } {
    const response = proxy(new NextRequest(`${ORIGIN}${path}`, { headers: { 'x-nonce': 'chosen-by-the-client', 'content-security-policy': 'script-src *' } }));
    return {
      policy: response.headers.get('content-security-policy'),
      // What the page is rendered with: Next.js reads the nonce from the request's policy.
      forwarded: response.headers.get('x-middleware-request-content-security-policy'),
      nonce: response.headers.get('x-middleware-request-x-nonce'),
    };
  }

  it.each([['/'], ['/sign-in'], ['/c/eks-work-cluster/dashboards/abc'], ['/apix'], ['/icon.svg']])(
    'the page %s is answered with the page policy and its own nonce, which it is rendered with',
    (path) => {
      const { policy, forwarded, nonce } = answer(path);
      const own = NONCE.exec(policy ?? '')?.[1];
      // 16 random bytes in base64, as newNonce makes them.
      expect(own).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(policy).toBe(pagePolicy(own!));
      expect(forwarded).toBe(policy);
      expect(nonce).toBe(own);
    },
  );

  it('the page policy allows nothing from another origin and scripts only by nonce; next dev adds eval and inline styles', () => {
    expect(pagePolicy('bm9uY2Vub25jZW5vbmNlMQ==')).toBe(
      "default-src 'self'; script-src 'nonce-bm9uY2Vub25jZW5vbmNlMQ==' 'strict-dynamic'; style-src 'self' 'nonce-bm9uY2Vub25jZW5vbmNlMQ=='; " +
        "img-src 'self' data: blob:; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(pagePolicy('bm9uY2Vub25jZW5vbmNlMQ==', true)).toBe(
      "default-src 'self'; script-src 'nonce-bm9uY2Vub25jZW5vbmNlMQ==' 'strict-dynamic' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('each page answer has a different nonce', () => {
    const nonces = Array.from({ length: 50 }, () => NONCE.exec(answer('/sign-in').policy ?? '')?.[1]);
    expect(new Set(nonces).size).toBe(50);
  });

  /** The policy next.config.ts's headers give an answer at `path`, before any route sets its own. */
  async function configured(path: string): Promise<string | null> {
    const response = await unstable_getResponseFromNextConfig({ url: `${ORIGIN}${path}`, nextConfig });
    return response.headers.get('content-security-policy');
  }

  it.each([['/api/v1/healthz'], ['/api/v1/auth/session'], ['/api/v1/clusters/eks-work-cluster/pods'], ['/api/v1/no-such-route']])(
    'the API answer %s allows nothing to load or frame it, from next.config.ts without the proxy',
    async (path) => {
      expect(await configured(path)).toBe(API_POLICY);
      expect(API_POLICY).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: path })).toBe(false);
    },
  );

  it('a page gets no API policy from next.config.ts: its own comes from the proxy', async () => {
    expect(await configured('/sign-in')).toBeNull();
    expect(await configured('/apix')).toBeNull();
  });

  it.each([
    ['/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/backend-app-1:8080/proxy'],
    ['/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/backend-app-1:8080/proxy/health'],
    ['/api/v1/clusters/eks-work-cluster/namespaces/eks-work/services/backend-app-service:http/proxy/api/orders'],
  ])('a page relayed from a pod or a service (%s) gets no policy from next.config.ts, so its route’s own stands', async (path) => {
    expect(await configured(path)).toBeNull();
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: path })).toBe(false);
  });

  it.each([
    ['/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/backend-app-1/log'],
    ['/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/proxy'],
    ['/api/v1/clusters/c/namespaces/n/pods/p/proxyx'],
  ])('an API answer whose path only resembles a relayed page (%s) still gets the API policy', async (path) => {
    expect(await configured(path)).toBe(API_POLICY);
  });

  it.each([
    ['/', true],
    ['/sign-in?next=%2F', true],
    ['/api/v1/healthz', false],
    ['/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/backend-app-1:8080/proxy/health', false],
    ['/apix', true],
    ['/icon.svg', true],
    ['/_next/static/chunks/main.js', false],
    ['/_next/image?url=%2Ficon.svg', false],
  ])('%s passes through the proxy: %s', (url, expected) => {
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url })).toBe(expected);
  });
});

describe('dashboard markdown', () => {
  const PAGE = `${ORIGIN}/c/eks-work-cluster/dashboards/abc`;
  beforeEach(() => vi.stubGlobal('window', { location: { href: PAGE } }));
  afterEach(() => vi.unstubAllGlobals());

  function render(markdown: string): string {
    // The widget's own words come from the English message file, as on a page whose language is English.
    const widget = createElement(TextWidget, { widget: { id: 'w', type: 'text', x: 0, y: 0, width: 6, height: 4, markdown } });
    return renderToStaticMarkup(createElement(NextIntlClientProvider, { locale: 'en', messages: en, timeZone: 'UTC' } as ComponentProps<typeof NextIntlClientProvider>, widget));
  }
  const tags = (html: string, name: string) => html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];

  it('an image from another site is a link with its alt text and URL, never an <img>', () => {
    for (const src of ['https://evil.example/a.png', '//evil.example/a.png', 'http://console.test:3001/a.png']) {
      const html = render(`![x](${src})`);
      expect(tags(html, 'img')).toEqual([]);
      expect(html).toContain(`<a href="${src}" class="text-blue-700 underline break-all" rel="noopener noreferrer" target="_blank" data-testid="markdown-image-link">x (${src})</a>`);
    }
  });

  it('an image on the console is an <img>', () => {
    expect(tags(render('![y](/icon.svg) ![z](http://console.test:3000/icon.svg)'), 'img')).toEqual([
      '<img src="/icon.svg" alt="y" class="inline max-w-full"/>',
      '<img src="http://console.test:3000/icon.svg" alt="z" class="inline max-w-full"/>',
    ]);
  });

  it('a javascript: or data: link is no link', () => {
    const html = render('[c](javascript:alert(document.domain)) [d](JAVASCRIPT:alert(1)) [e](data:text/html,x) [docs](https://docs.example/runbook)');
    expect(tags(html, 'a')).toEqual(['<a href="https://docs.example/runbook" class="text-blue-700 underline" rel="noopener noreferrer" target="_blank">']);
    expect(html).toContain('<span>c</span>');
  });
});
