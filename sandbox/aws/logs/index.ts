/**
 * The sandbox's CloudWatch Logs wired to the world: the service, the
 * Container Insights shipper feeding it, and the scenario's metric filter.
 */
import type { World } from '../../world/world';
import type { MetricSink } from '../metrics';
import { createLogsService, type LogsService, type LogsServiceOptions } from './service';
import { containerInsightsGroups, ContainerInsightsShipper } from './shipping';

export interface SandboxLogsOptions extends Omit<LogsServiceOptions, 'now' | 'metrics'> {
  clusterName: string;
  metrics?: MetricSink;
  /** The seeds' scenario adds its metric filter on ERROR; `empty` adds none. */
  scenario?: 'default' | 'empty';
}

export interface SandboxLogs {
  service: LogsService;
  shipper: ContainerInsightsShipper;
  close(): void;
}

/** The metric filter of the operations notes: count ERROR lines of the application group. */
export const ERROR_METRIC_FILTER = {
  filterName: 'application-ERROR',
  filterPattern: 'ERROR',
  metricTransformations: [{ metricName: 'ApplicationErrorCount', metricNamespace: 'EKS/eks-work-cluster', metricValue: '1', defaultValue: 0 }],
};

/** How long a sandbox query runs at least (ms), unless WATCHDECK_SANDBOX_QUERY_MS says otherwise. */
const DEFAULT_MIN_RUN_MS = 1_000;

export function createSandboxLogs(world: World, options: SandboxLogsOptions): SandboxLogs {
  const fromEnv = Number(process.env.WATCHDECK_SANDBOX_QUERY_MS);
  const minRunMs = options.queries?.minRunMs ?? (Number.isFinite(fromEnv) && process.env.WATCHDECK_SANDBOX_QUERY_MS !== '' && fromEnv >= 0 ? fromEnv : DEFAULT_MIN_RUN_MS);
  const service = createLogsService({ ...options, queries: { ...options.queries, minRunMs }, now: () => world.nowMs() });
  const shipper = new ContainerInsightsShipper(world, service.store, { clusterName: options.clusterName });
  if (options.scenario !== 'empty') {
    const group = service.store.group(containerInsightsGroups(options.clusterName).application)!;
    service.metricFilters.put(group, ERROR_METRIC_FILTER);
  }
  shipper.start();
  return {
    service,
    shipper,
    close() {
      shipper.stop();
      service.close();
    },
  };
}

export { createLogsService, type LogsService } from './service';
export { containerInsightsGroups } from './shipping';
