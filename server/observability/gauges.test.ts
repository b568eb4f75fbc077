import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setConfig } from '../config';
import { startHpaRecorder, stopHpaRecorder } from '../hpa/recorder';
import { startCloudWatchQuery, stopQuery } from '../logs/queries';
import { claimStream } from '../sse';
import { metricSample } from '../testing/metric-sample';
import { registerGauges } from './gauges';

// A quota of one Logs Insights query at a time, read when the line's module loads.
vi.hoisted(() => {
  process.env.WATCHDECK_LOGS_CONCURRENT_QUERIES = '1';
});

const TEST_CONFIG = { authMode: 'token' as const, kubeconfigPaths: [], sessionSecret: 'x'.repeat(32), namespaces: [], dataDir: '/nonexistent', port: 3000 };

describe('gauges read at scrape time', () => {
  beforeAll(() => registerGauges());

  it('watchdeck_sse_streams_open counts every user’s open streams and drops as they close', async () => {
    const releases = [claimStream('metrics-a'), claimStream('metrics-a'), claimStream('metrics-b')];
    expect(await metricSample('watchdeck_sse_streams_open', {})).toBe(3);
    releases[0]();
    releases[0]();
    expect(await metricSample('watchdeck_sse_streams_open', {})).toBe(2);
    releases[1]();
    releases[2]();
    expect(await metricSample('watchdeck_sse_streams_open', {})).toBe(0);
  });

  describe('watchdeck_hpa_recorder_lag_seconds', () => {
    afterAll(() => {
      stopHpaRecorder();
      vi.useRealTimers();
      setConfig(undefined);
    });

    it('counts from the recorder’s start while no round has sampled every cluster, and is absent once it stops', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-12-06T10:00:00Z'));
      // Token mode without a recorder token: every round records nothing.
      setConfig(TEST_CONFIG);
      vi.stubEnv('WATCHDECK_HPA_RECORDER', 'on');
      startHpaRecorder();
      vi.unstubAllEnvs();
      vi.setSystemTime(new Date('2026-12-06T10:00:42Z'));
      expect(await metricSample('watchdeck_hpa_recorder_lag_seconds', {})).toBe(42);
      stopHpaRecorder();
      expect(await metricSample('watchdeck_hpa_recorder_lag_seconds', {})).toBeUndefined();
    });
  });
});

describe('watchdeck_logs_insights_queries', () => {
  let server: http.Server;
  let started = 0;

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
    setConfig({ ...TEST_CONFIG, aws: { region: 'ap-northeast-2', endpoint } });
    registerGauges();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    setConfig(undefined);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('shows the queries running and those waiting for the account quota', async () => {
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
