import { afterEach, describe, expect, it } from 'vitest';
import { setConfig, type Config } from '@/server/config';
import { GET as awsRoute } from './route';

const ORIGIN = 'http://console.test:3000';
/** A console that needs neither a store nor a cluster to answer: no caller here sends a session cookie. */
const CONSOLE: Config = { authMode: 'kubeconfig', kubeconfigPaths: [], sessionSecret: 'test-session-secret-that-is-long-enough', namespaces: [], dataDir: '/nonexistent', port: 3000 };

const get = async (config: Config) => {
  setConfig(config);
  const response = await awsRoute(new Request(`${ORIGIN}/api/v1/aws`, { headers: { host: 'console.test:3000', 'sec-fetch-site': 'same-origin' } }), undefined);
  return { status: response.status, body: await response.json() };
};

describe('GET /api/v1/aws', () => {
  afterEach(() => setConfig(undefined));

  it('answers the region the console reads CloudWatch in: us-east-1 as configured, and not its endpoint', async () => {
    expect(await get({ ...CONSOLE, aws: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' } })).toEqual({ status: 200, body: { region: 'us-east-1' } });
  });

  it('answers a null region for a console without AWS', async () => {
    expect(await get(CONSOLE)).toEqual({ status: 200, body: { region: null } });
  });

  it('asks a caller without a session to sign in, and tells them nothing of AWS', async () => {
    expect(await get({ ...CONSOLE, authMode: 'token', aws: { region: 'us-east-1' } })).toEqual({ status: 401, body: { error: { kind: 'SignInRequired', message: 'sign in to continue' } } });
  });
});
