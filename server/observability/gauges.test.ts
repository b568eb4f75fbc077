import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recorderLag } from '../hpa/recorder';
import { startCloudWatchQuery, stopQuery } from '../logs/queries';
import { claimStream } from '../sse';
import { metricSample } from '../testing/metric-sample';
import { kubeconfigYaml, useTestConsole, type TestConsole } from '../testing/setup';
import { registerGauges } from './gauges';

// A quota of one Logs Insights query at a time, read when the line's module loads.
vi.hoisted(() => {
  process.env.WATCHDECK_LOGS_CONCURRENT_QUERIES = '1';
});

// The recorder's lag comes from its leader election (server/hpa/leader-election.test.ts); here only what the gauge makes of it.
vi.mock('../hpa/recorder', () => ({ recorderLag: vi.fn<() => number | undefined>() }));

let server: http.Server;
let started = 0;
let t: TestConsole;

beforeAll(async () => {
  // CloudWatch Logs that starts every query and keeps it running.
  server = http.createServer((req, res) => {
    const target = String(req.headers['x-amz-target']).replace('Logs_20140328.', '');
    req.resume();
    req.on('end', () => {
      const body = target === 'StartQuery' ? { queryId: `q-${++started}` } : target === 'GetQueryResults' ? { status: 'Running', results: [], statistics: {} } : { success: true };
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
  // The line and the stream claims are rows of the store every replica shares.
  t = await useTestConsole(kubeconfigYaml({ clusters: [], users: [], contexts: [] }), { authMode: 'token', aws: { region: 'ap-northeast-2', endpoint } });
  registerGauges();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await t?.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('gauges read at scrape time', () => {
  it('watchdeck_sse_streams_open counts every user’s open streams and drops as they close', async () => {
    const releases = await Promise.all([claimStream('metrics-a'), claimStream('metrics-a'), claimStream('metrics-b')]);
    expect(await metricSample('watchdeck_sse_streams_open', {})).toBe(3);
    await releases[0]();
    await releases[0]();
    expect(await metricSample('watchdeck_sse_streams_open', {})).toBe(2);
    await releases[1]();
    await releases[2]();
    expect(await metricSample('watchdeck_sse_streams_open', {})).toBe(0);
  });

  it('watchdeck_hpa_recorder_lag_seconds is the leading recorder’s lag in seconds, and absent on a replica that does not record', async () => {
    vi.mocked(recorderLag).mockReturnValue(42_000);
    expect(await metricSample('watchdeck_hpa_recorder_lag_seconds', {})).toBe(42);
    vi.mocked(recorderLag).mockReturnValue(undefined);
    expect(await metricSample('watchdeck_hpa_recorder_lag_seconds', {})).toBeUndefined();
  });

  it('watchdeck_logs_insights_queries shows the queries running and those waiting for the account quota', async () => {
    const input = { logGroupNames: ['/aws/eks/a'], startTime: 1, endTime: 2, queryString: 'fields @message' };
    const owners = [
      { username: 'metrics-a', cluster: 'c' },
      { username: 'metrics-b', cluster: 'c' },
    ];
    const first = await startCloudWatchQuery(owners[0], { clusterWide: true }, input);
    const second = await startCloudWatchQuery(owners[1], { clusterWide: true }, input);
    expect([first.status, second.status]).toEqual(['Scheduled', 'Queued']);
    expect(await metricSample('watchdeck_logs_insights_queries', { state: 'running' })).toBe(1);
    expect(await metricSample('watchdeck_logs_insights_queries', { state: 'waiting' })).toBe(1);
    await stopQuery(first.id, owners[0]);
    expect(await metricSample('watchdeck_logs_insights_queries', { state: 'running' })).toBe(1);
    expect(await metricSample('watchdeck_logs_insights_queries', { state: 'waiting' })).toBe(0);
    await stopQuery(second.id, owners[1]);
    expect(await metricSample('watchdeck_logs_insights_queries', { state: 'running' })).toBe(0);
    // Through the console's shared CloudWatch Logs client, so its operations are counted too.
    expect(await metricSample('watchdeck_aws_requests_total', { service: 'CloudWatchLogs', operation: 'StartQuery', code: '200' })).toBe(2);
  });
});
