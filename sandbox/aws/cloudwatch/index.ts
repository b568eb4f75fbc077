/**
 * The sandbox's CloudWatch: the metric store (the sink other sandbox services publish
 * through), alarms evaluated on the world's clock, dashboards, Container Insights for the
 * world's cluster, and the AWS service answering the SDK.
 */
import type { AwsService } from '../server';
import type { World } from '../../world/world';
import { Alarms } from './alarms';
import { startContainerInsights } from './container-insights';
import { Dashboards } from './dashboards';
import { MetricStore } from './metric-store';
import { putScenarioAlarms } from './scenario-alarms';
import { createCloudWatchService } from './service';

export interface SandboxCloudWatch {
  service: AwsService;
  metrics: MetricStore;
  alarms: Alarms;
  dashboards: Dashboards;
  stop(): void;
}

/** Alarms are checked every 10 s: high-resolution ones each period, the rest once a minute. */
const EVALUATION_TICK_MS = 10_000;

export function createSandboxCloudWatch(world: World, options: { clusterName: string; scenarioAlarms: boolean }): SandboxCloudWatch {
  const now = () => world.nowMs();
  const metrics = new MetricStore(now);
  const alarms = new Alarms(metrics, now);
  const dashboards = new Dashboards(now);
  if (options.scenarioAlarms) putScenarioAlarms(alarms, options.clusterName);
  // Published before the evaluation at the same instant: timers at one time run in the order they were set.
  const stops = [startContainerInsights(world, metrics, options.clusterName), world.every(EVALUATION_TICK_MS, () => alarms.evaluate())];
  return {
    service: createCloudWatchService(metrics, alarms, dashboards, now),
    metrics,
    alarms,
    dashboards,
    stop: () => stops.forEach((s) => s()),
  };
}
