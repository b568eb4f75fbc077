/**
 * GET /api/v1/aws from an attacker's side: it answers only the region, whatever the request carries,
 * and grants no other site the right to read it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setConfig, type Config } from '@/server/config';
import { GET as awsRoute } from './aws/route';

const ORIGIN = 'http://console.test:3000';
const CONSOLE: Config = {
  authMode: 'kubeconfig',
  kubeconfigPaths: [],
  sessionSecret: 'test-session-secret-that-is-long-enough',
  namespaces: [],
  dataDir: '/nonexistent',
  port: 3000,
  aws: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' },
};

const get = async (path: string, headers: Record<string, string>) => {
  setConfig(CONSOLE);
  const response = await awsRoute(new Request(`${ORIGIN}${path}`, { headers: { host: 'console.test:3000', ...headers } }), undefined);
  return { status: response.status, body: await response.text(), allowOrigin: response.headers.get('access-control-allow-origin') };
};

describe('GET /api/v1/aws under attack', () => {
  afterEach(() => setConfig(undefined));

  it('answers only the region to a hostile query string, never the endpoint, and refuses a huge one with 414', async () => {
    const hostile = await get('/api/v1/aws?region=evil&endpoint=http://evil.test&__proto__[region]=evil', { 'sec-fetch-site': 'same-origin' });
    expect(hostile).toEqual({ status: 200, body: JSON.stringify({ region: 'us-east-1' }), allowOrigin: null });
    const huge = await get(`/api/v1/aws?region=${'x'.repeat(100_000)}`, { 'sec-fetch-site': 'same-origin' });
    expect(huge.status).toBe(414);
    expect(JSON.parse(huge.body)).toEqual({ error: { kind: 'URITooLong', message: 'the query string is longer than 16 KiB, the most the console API takes' } });
  });

  it('grants no page on another site the right to read it (no CORS header), and still sends only the region', async () => {
    const answer = await get('/api/v1/aws', { 'sec-fetch-site': 'cross-site', origin: 'http://evil.test' });
    expect(answer).toEqual({ status: 200, body: JSON.stringify({ region: 'us-east-1' }), allowOrigin: null });
  });
});
