import 'server-only';
import { Gauge } from 'prom-client';
import { recorderLag } from '../hpa/recorder';
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
