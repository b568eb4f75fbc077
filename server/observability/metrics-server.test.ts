import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../testing/log-capture';
import { metricsServer, startMetricsServer, stopMetricsServer } from './metrics-server';

async function listen(server: net.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function once<T>(emitter: NodeJS.EventEmitter, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}

describe('the metrics listener', () => {
  afterEach(() => stopMetricsServer());

  it("answers GET /metrics in Prometheus's text format with the console's metrics and the process's", async () => {
    const server = metricsServer();
    const port = await listen(server);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      // The content type of the text exposition format 0.0.4.
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      for (const line of [
        '# TYPE watchdeck_http_requests_total counter',
        '# TYPE watchdeck_http_request_duration_seconds histogram',
        '# TYPE watchdeck_kube_requests_total counter',
        '# TYPE watchdeck_aws_requests_total counter',
        'watchdeck_sse_streams_open 0',
        'watchdeck_logs_insights_queries{state="running"} 0',
        'watchdeck_logs_insights_queries{state="waiting"} 0',
        '# TYPE watchdeck_hpa_recorder_lag_seconds gauge',
        '# TYPE process_cpu_seconds_total counter',
      ]) {
        expect(text.split('\n')).toContain(line);
      }
      // No recorder runs in this process: the lag has no sample.
      expect(text).not.toMatch(/^watchdeck_hpa_recorder_lag_seconds /m);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('answers 404 to any other path or method', async () => {
    const server = metricsServer();
    const port = await listen(server);
    try {
      for (const [method, path] of [
        ['GET', '/'],
        ['GET', '/api/v1/healthz'],
        ['GET', '/metrics/x'],
        ['POST', '/metrics'],
        ['DELETE', '/metrics'],
      ]) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
        expect([method, path, response.status, await response.text()]).toEqual([method, path, 404, 'not found: the metrics listener serves GET /metrics\n']);
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('is not started when WATCHDECK_METRICS_PORT is 0 or off', async () => {
    expect(startMetricsServer({ WATCHDECK_METRICS_PORT: 'off' })).toBeUndefined();
    await stopMetricsServer();
    expect(startMetricsServer({ WATCHDECK_METRICS_PORT: '0' })).toBeUndefined();
  });

  it('starts once per process on the configured port, and a second start is the same listener', async () => {
    const probe = http.createServer();
    const port = await listen(probe);
    await new Promise((r) => probe.close(r));
    const server = startMetricsServer({ WATCHDECK_METRICS_PORT: String(port), WATCHDECK_METRICS_HOST: '127.0.0.1' })!;
    await once(server, 'listening');
    expect(startMetricsServer({ WATCHDECK_METRICS_PORT: String(port + 1) })).toBe(server);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
  });

  it('logs a port already taken and leaves the process running', async () => {
    const taken = http.createServer();
    const port = await listen(taken);
    const logs = captureLogs();
    try {
      const server = startMetricsServer({ WATCHDECK_METRICS_PORT: String(port), WATCHDECK_METRICS_HOST: '127.0.0.1' })!;
      await once(server, 'error');
      expect(logs.records()).toMatchObject([{ level: 'error', msg: 'metrics listener not started', port, host: '127.0.0.1', err: { code: 'EADDRINUSE' } }]);
    } finally {
      logs.restore();
      await new Promise((r) => taken.close(r));
    }
  });

  it('logs a malformed WATCHDECK_METRICS_PORT naming it, and starts nothing', () => {
    const logs = captureLogs();
    expect(startMetricsServer({ WATCHDECK_METRICS_PORT: 'ninety' })).toBeUndefined();
    logs.restore();
    expect(logs.records()).toMatchObject([
      { level: 'error', msg: 'metrics listener not started', err: { message: 'WATCHDECK_METRICS_PORT: must be a port number, or 0 or "off" for no metrics listener (got "ninety")' } },
    ]);
  });
});
