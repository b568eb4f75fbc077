import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { API_POLICY, PROXIED_API_PATH } from './lib/content-security-policy';

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const config: NextConfig = {
  poweredByHeader: false,
  // The image runs .next/standalone/server.js with only the traced production dependencies.
  output: 'standalone',
  reactStrictMode: true,
  // `npm run typecheck` checks the whole repository (sandbox, bench and tests
  // included); the production build only compiles what the console serves.
  typescript: { ignoreBuildErrors: true },
  // Loaded by Node rather than bundled, so instrumentation and routes share one copy of each. Not
  // @kubernetes/client-node: the console uses its KubeConfig alone, and bundled, its generated API
  // clients and models are left out. Loaded whole by Node, they were 13 MB of source strings and
  // 17 MiB of the heap at rest.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'prom-client', 'pino', 'ws'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // API answers carry their policy from here rather than from proxy.ts, which then runs for pages only: a
      // request through the proxy costs every API call about a millisecond. A page relayed through pods/proxy or
      // services/proxy is left out: its route sets its own policy, which a header from here would replace.
      { source: `/api/:path((?!${PROXIED_API_PATH}).*)`, headers: [{ key: 'Content-Security-Policy', value: API_POLICY }] },
    ];
  },
};

// The messages and the locale of each request come from i18n/request.ts.
export default createNextIntlPlugin('./i18n/request.ts')(config);
