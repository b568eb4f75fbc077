/**
 * Each way AWS can fail Watchdeck, made by a loopback endpoint in this file that speaks
 * CloudWatch Logs' awsJson1_1 protocol as sandbox/aws does, and driven through the log groups
 * route: the exact error body and Retry-After header the page gets, and how often the SDK tried.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as logGroupsRoute } from '@/app/api/v1/logs/log-groups/route';
import { setConfig, type Config } from '../config';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '../testing/sandbox-console';

const TIMEOUTS = { connectMs: 300, responseMs: 500 };
const REQUEST_ID = '3f1c0c1e-5d0a-4d57-9a53-1b0e6f1d2c01';

let t: SandboxConsole;
let config: Config;
let endpoint: string;
let tries = 0;
/** What the endpoint does with the next calls: answer an AWS error, or take the request and never answer. */
let fault: { name: string; message: string; status: number } | 'hang' = 'hang';
const servers: net.Server[] = [];

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** As sandbox/aws/server.ts answers a modelled error: `__type` and message, x-amzn-ErrorType, x-amzn-RequestId. */
const awsEndpoint = http.createServer((req, res) => {
  req.resume();
  tries++;
  if (fault === 'hang') return;
  const body = JSON.stringify({ __type: fault.name, message: fault.message });
  res.writeHead(fault.status, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': fault.name, 'x-amzn-RequestId': REQUEST_ID, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});

beforeAll(async () => {
  t = await startSandboxConsole();
  endpoint = `http://127.0.0.1:${await listen(awsEndpoint)}`;
  config = { ...t.console.config, aws: { region: t.sandbox.aws.region, endpoint }, timeouts: TIMEOUTS };
  setConfig(config);
}, 120_000);

afterAll(async () => {
  for (const s of servers) {
    (s as http.Server).closeAllConnections?.();
    s.close();
  }
  await t?.close();
});

beforeEach(() => {
  tries = 0;
});

function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read by path in assertions
async function logGroups(): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const response = await logGroupsRoute(t.request('oncall', `/api/v1/logs/log-groups?cluster=${CLUSTER}`), params({}));
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

describe('AWS asking Watchdeck to slow down', () => {
  for (const [name, message] of [
    ['ThrottlingException', 'Rate exceeded'],
    ['LimitExceededException', 'Resource limit exceeded.'],
  ]) {
    it(`${name} is Throttled 429 with the AWS error and a Retry-After of 5 s, after the SDK's three tries`, async () => {
      fault = { name, message, status: 400 };
      expect(await logGroups()).toEqual({
        status: 429,
        retryAfter: '5',
        body: { error: { kind: 'Throttled', message: `${name}: ${message}`, aws: { name, httpStatus: 400, requestId: REQUEST_ID }, retryAfterSeconds: 5 } },
      });
      expect(tries).toBe(3);
    });
  }
});

describe("AWS refusing Watchdeck's credentials", () => {
  // The messages are CloudWatch Logs' own for these errors.
  for (const [name, message] of [
    ['ExpiredTokenException', 'The security token included in the request is expired'],
    ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  ]) {
    it(`${name} is AwsCredentialsInvalid 502 with the message verbatim`, async () => {
      fault = { name, message, status: 400 };
      expect(await logGroups()).toEqual({
        status: 502,
        retryAfter: null,
        body: { error: { kind: 'AwsCredentialsInvalid', message: `${name}: ${message}`, aws: { name, httpStatus: 400, requestId: REQUEST_ID } } },
      });
    });
  }

  it("no credentials anywhere in the SDK's chain is AwsCredentialsInvalid 502 with the SDK's message", async () => {
    const changed = {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
    };
    const saved = Object.fromEntries(Object.keys(changed).map((k) => [k, process.env[k]]));
    setEnv(changed);
    // Other timeouts make new clients, whose credentials are looked up afresh.
    setConfig({ ...config, timeouts: { ...TIMEOUTS, connectMs: TIMEOUTS.connectMs + 1 } });
    try {
      expect(await logGroups()).toEqual({
        status: 502,
        retryAfter: null,
        body: { error: { kind: 'AwsCredentialsInvalid', message: 'CredentialsProviderError: Could not load credentials from any providers' } },
      });
      expect(tries).toBe(0);
    } finally {
      setEnv(saved);
      setConfig(config);
    }
  });
});

describe('AWS that cannot be reached', () => {
  it("an endpoint that takes the request and never answers is AwsUnreachable 502 once each of the SDK's three tries timed out", async () => {
    fault = 'hang';
    const started = performance.now();
    expect(await logGroups()).toEqual({
      status: 502,
      retryAfter: null,
      body: {
        error: {
          kind: 'AwsUnreachable',
          message: `the AWS endpoint gave no answer in time (TimeoutError): @smithy/node-http-handler - [ERROR] a request has exceeded the configured ${TIMEOUTS.responseMs} ms requestTimeout.`,
        },
      },
    });
    expect(tries).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * TIMEOUTS.responseMs - 5);
  });

  it('a refused connection is AwsUnreachable 502 naming the error', async () => {
    const refused = net.createServer();
    const port = await listen(refused);
    await new Promise((resolve) => refused.close(resolve));
    setConfig({ ...config, aws: { region: t.sandbox.aws.region, endpoint: `http://127.0.0.1:${port}` } });
    try {
      expect(await logGroups()).toEqual({
        status: 502,
        retryAfter: null,
        body: { error: { kind: 'AwsUnreachable', message: `the AWS endpoint cannot be reached (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:${port}` } },
      });
    } finally {
      setConfig(config);
    }
  });
});
