import 'server-only';
import { Gauge } from 'prom-client';
import { recorderLastSampleAt } from '../hpa/recorder';
import { queryLineCounts } from '../logs/queries';
import { openStreamTotal } from '../sse';
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
      this.set(openStreamTotal());
    },
  });
  new Gauge({
    name: 'watchdeck_logs_insights_queries',
    help: 'CloudWatch Logs Insights queries of this process running, and waiting in line for the account quota.',
    labelNames: ['state'],
    registers,
    collect() {
      const { running, waiting } = queryLineCounts();
      this.set({ state: 'running' }, running);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  new Gauge({
    name: 'watchdeck_hpa_recorder_lag_seconds',
    help: 'Seconds since the HPA recorder last sampled every cluster (since it started, before that); absent when this process does not record.',
    registers,
    collect() {
      const last = recorderLastSampleAt();
      // No sample at all rather than a 0 that would read as "just recorded".
      if (last === undefined) this.remove();
      else this.set((Date.now() - last) / 1000);
    },
  });
}
