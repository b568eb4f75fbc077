import 'server-only';
import { Gauge } from 'prom-client';
import { recorderLag } from '../hpa/recorder';
import { connectionPoolStats } from '../k8s/agents';
import { queryLineCounts } from '../logs/queries';
import { openStreams } from '../sse';
import { consoleMetrics } from './metrics';

/** The gauges, each read from its module when the registry is scraped; registered once per process. */
export function registerGauges(): void {
  const { registry } = consoleMetrics();
  if (registry.getSingleMetric('watchdeck_sse_streams_open')) return;
  const registers = [registry];
  new Gauge({
    name: 'watchdeck_sse_streams_open',
    help: 'Live streams (Server-Sent Events) this process holds open, every user together.',
    registers,
    collect() {
      this.set(openStreams());
    },
  });
  new Gauge({
    name: 'watchdeck_logs_insights_queries',
    help: 'CloudWatch Logs Insights queries running, and waiting in line for the account quota: the line every replica shares, read from the store.',
    labelNames: ['state'],
    registers,
    async collect() {
      const { running, waiting } = await queryLineCounts();
      this.set({ state: 'running' }, running);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  new Gauge({
    name: 'watchdeck_kube_connection_pools',
    help: 'Pools of kept-alive connections to the Kubernetes API servers: one per API server and TLS identity (CA, client certificate, proxy, server name).',
    registers,
    collect() {
      this.set(connectionPoolStats().pools);
    },
  });
  new Gauge({
    name: 'watchdeck_kube_connections',
    help: 'Connections to the Kubernetes API servers by state: carrying a request (in_use) or kept idle for the next one (free).',
    labelNames: ['state'],
    registers,
    collect() {
      const { socketsInUse, socketsFree } = connectionPoolStats();
      this.set({ state: 'in_use' }, socketsInUse);
      this.set({ state: 'free' }, socketsFree);
    },
  });
  new Gauge({
    name: 'watchdeck_hpa_recorder_lag_seconds',
    help: 'Seconds since the HPA recorder last sampled every cluster (since this replica took the Lease, before that); absent on a replica that does not hold the Lease.',
    registers,
    collect() {
      const lag = recorderLag();
      // No sample at all rather than a 0 that would read as "just recorded".
      if (lag === undefined) this.remove();
      else this.set(lag / 1000);
    },
  });
}
