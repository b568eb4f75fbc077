import 'server-only';
import { ConsoleError } from '../errors';
import type { StreamingKubeClient } from '../k8s/client';
import { POD_REF, type KubeList, type Pod } from '../k8s/pods';
import { LineReader } from '../line-reader';
import { QueryRun, type LogEvent } from '@/lib/logs-insights';
import type { QueryState } from './queries';
import { pushInSlices, timedResults, type CpuBudget } from './query-budget';

/** Containers read for one pod-logs query, so a broad selector cannot read a whole cluster. */
export const MAX_POD_LOG_STREAMS = 50;
/** Text read in all, after which the rest is left unread and the run says so. */
export const MAX_POD_LOG_BYTES = 64 * 1024 * 1024;

export interface PodLogsSource {
  namespace: string;
  labelSelector: string;
}

/** A kubelet log line with `timestamps=true`: RFC 3339 time, one space, the text. */
function splitTimestamp(line: string): { time: number; text: string } | null {
  const space = line.indexOf(' ');
  if (space < 0) return null;
  const time = Date.parse(line.slice(0, space));
  return Number.isNaN(time) ? null : { time, text: line.slice(space + 1) };
}

/**
 * One container line as Container Insights' Fluentd would ship it, so the same queries
 * (kubernetes.container_name, log, …) give the same rows as over CloudWatch Logs.
 */
export function podLogEvent(pod: Pod, container: string, time: number, text: string, logGroup: string): LogEvent {
  const m = pod.metadata ?? {};
  const specs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as { name: string; image?: string }[];
  const image = specs.find((c) => c.name === container)?.image;
  const message = JSON.stringify({
    log: text,
    time: new Date(time).toISOString(),
    kubernetes: {
      pod_name: m.name,
      namespace_name: m.namespace,
      pod_id: m.uid,
      host: pod.spec?.nodeName,
      container_name: container,
      ...(image ? { container_image: image } : {}),
      labels: m.labels ?? {},
    },
  });
  return { timestamp: time, ingestionTime: time, message, logStream: `${m.name}_${m.namespace}_${container}`, logGroup };
}

/**
 * Runs a query over the logs the API server gives the caller (pods/log) for the pods matching
 * the selector, between startTime and endTime (ms), reporting statistics and rows into `state`.
 * The evaluation runs in slices between other requests and ends with QueryTimeout past `budget`.
 */
export async function runOverPodLogs(
  client: StreamingKubeClient,
  source: PodLogsSource,
  range: { startTime: number; endTime: number },
  run: QueryRun,
  state: QueryState,
  signal: AbortSignal,
  budget: CpuBudget,
): Promise<void> {
  const list = await client.get<KubeList<Pod>>({ ...POD_REF, namespace: source.namespace }, { labelSelector: source.labelSelector });
  const streams = list.items
    .filter((p) => p.spec?.nodeName)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .flatMap((pod) => (pod.spec?.containers ?? []).map((c) => ({ pod, container: c.name })))
    .slice(0, MAX_POD_LOG_STREAMS);
  const logGroup = `pods/${source.namespace}`;
  // sinceTime, not sinceSeconds: the API server's clock decides, not the console's.
  const sinceTime = new Date(Math.floor(range.startTime / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  let bytes = 0;
  for (const { pod, container } of streams) {
    if (signal.aborted || bytes > MAX_POD_LOG_BYTES) break;
    let stream;
    try {
      stream = await client.stream({ ...POD_REF, namespace: source.namespace, name: pod.metadata?.name ?? '', subresource: 'log' }, { container, sinceTime, timestamps: true }, signal);
    } catch (err) {
      // A container still waiting to start has no log yet (400), and a pod deleted since the list has
      // none to give (404); the others still count. A 403 or 401 ends the run.
      if (!(err instanceof ConsoleError && (err.httpStatus === 400 || err.httpStatus === 404))) throw err;
      continue;
    }
    const lines = new LineReader();
    const events: LogEvent[] = [];
    const take = (line: string) => {
      const parsed = splitTimestamp(line);
      if (parsed && parsed.time >= range.startTime && parsed.time <= range.endTime) events.push(podLogEvent(pod, container, parsed.time, parsed.text, logGroup));
    };
    try {
      for await (const chunk of stream.body) {
        bytes += (chunk as Buffer).length;
        lines.push(chunk as Buffer).forEach(take);
        if (bytes > MAX_POD_LOG_BYTES || signal.aborted) break;
      }
      lines.end().forEach(take);
    } finally {
      stream.close();
    }
    await pushInSlices(run, events, budget, signal);
    state.statistics = { ...run.statistics };
    state.results = timedResults(run, budget);
  }
}
