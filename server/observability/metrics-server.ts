import 'server-only';
import http from 'node:http';
import { registerGauges } from './gauges';
import { log } from './logger';
import { consoleMetrics } from './metrics';
import { observabilitySettings } from './settings';

/**
 * A listener apart from the console's, serving GET /metrics in Prometheus's text format and 404
 * for anything else; the console's Service and Ingress never route to it.
 */
export function metricsServer(): http.Server {
  registerGauges();
  const { registry } = consoleMetrics();
  return http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: the metrics listener serves GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text),
      (err: unknown) => {
        log().error({ err }, 'collecting metrics failed');
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('collecting metrics failed\n');
      },
    );
  });
}

const holder = globalThis as unknown as { __watchdeckMetricsServer?: http.Server | null };

/** Starts the process's metrics listener once (WATCHDECK_METRICS_PORT, WATCHDECK_METRICS_HOST); a failure is logged, never fatal. */
export function startMetricsServer(env: Record<string, string | undefined> = process.env): http.Server | undefined {
  if (holder.__watchdeckMetricsServer !== undefined) return holder.__watchdeckMetricsServer ?? undefined;
  holder.__watchdeckMetricsServer = null;
  let metrics;
  try {
    metrics = observabilitySettings(env).metrics;
  } catch (err) {
    log().error({ err }, 'metrics listener not started');
    return undefined;
  }
  if (!metrics) return undefined;
  const server = metricsServer();
  server.on('error', (err) => log().error({ err, port: metrics.port, host: metrics.host }, 'metrics listener not started'));
  server.listen(metrics.port, metrics.host, () => log().info({ port: metrics.port, host: metrics.host }, 'metrics listener started'));
  // The console's own server decides when the process ends.
  server.unref();
  holder.__watchdeckMetricsServer = server;
  return server;
}

/** Closes the process's metrics listener (tests); the next startMetricsServer reads the settings again. */
export async function stopMetricsServer(): Promise<void> {
  const server = holder.__watchdeckMetricsServer;
  holder.__watchdeckMetricsServer = undefined;
  if (server?.listening) await new Promise((resolve) => server.close(resolve));
}
