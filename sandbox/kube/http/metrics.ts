/**
 * metrics.k8s.io/v1beta1 as metrics-server serves it: PodMetrics and
 * NodeMetrics from the world's usage, with label and field selectors,
 * quantities in their canonical form (nanocores, bytes in binary units).
 */
import { listObjects } from '../list';
import { findResourceType } from '../resources';
import { rfc3339, type KubeObject } from '../store';
import { StatusError, statusErrors } from '../status';
import type { ApiContext } from './context';
import { listQuery } from './read';
import { writeJson } from './respond';

const API_VERSION = 'metrics.k8s.io/v1beta1';

/** A decimal quantity of nanocores in canonical form: 250000000 -> "250m". */
export function cpuQuantity(nanocores: number): string {
  const n = Math.round(nanocores);
  if (n === 0) return '0';
  if (n % 1e9 === 0) return String(n / 1e9);
  if (n % 1e6 === 0) return `${n / 1e6}m`;
  if (n % 1e3 === 0) return `${n / 1e3}u`;
  return `${n}n`;
}

const BINARY_SUFFIXES: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** A binary quantity of bytes in canonical form: 134217728 -> "128Mi". */
export function memoryQuantity(bytes: number): string {
  const b = Math.round(bytes);
  if (b === 0) return '0';
  for (const [suffix, size] of BINARY_SUFFIXES) if (b % size === 0) return `${b / size}${suffix}`;
  return String(b);
}

function notFound(kind: 'podmetrics' | 'nodemetrics', name: string): StatusError {
  return statusErrors.notFound({ group: 'metrics.k8s.io', plural: kind }, name);
}

function podMetrics(ctx: ApiContext, pod: KubeObject, timestamp: string) {
  const usage = ctx.world.metrics.podUsage(pod.metadata.namespace!, pod.metadata.name);
  if (!usage) return undefined;
  return {
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: timestamp, ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}) },
    timestamp,
    window: `${ctx.world.metrics.windowSeconds}s`,
    containers: usage.map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.cpu), memory: memoryQuantity(c.memory) } })),
  };
}

function nodeMetrics(ctx: ApiContext, node: KubeObject, timestamp: string) {
  const usage = ctx.world.metrics.nodeUsage(node.metadata.name);
  if (!usage) return undefined;
  return {
    metadata: { name: node.metadata.name, creationTimestamp: timestamp, ...(node.metadata.labels ? { labels: node.metadata.labels } : {}) },
    timestamp,
    window: `${ctx.world.metrics.windowSeconds}s`,
    usage: { cpu: cpuQuantity(usage.cpu), memory: memoryQuantity(usage.memory) },
  };
}

export function metricsHandler(ctx: ApiContext): void {
  const { info } = ctx;
  if (info.subresource || (info.verb !== 'get' && info.verb !== 'list')) throw statusErrors.methodNotSupported(ctx.type, info.verb);
  const timestamp = rfc3339(ctx.world.now());
  const pods = ctx.type.plural === 'pods';
  const source = findResourceType('', pods ? 'pods' : 'nodes')!;
  const kind = pods ? 'PodMetrics' : 'NodeMetrics';
  const toMetrics = (obj: KubeObject) => (pods ? podMetrics(ctx, obj, timestamp) : nodeMetrics(ctx, obj, timestamp));

  if (info.verb === 'get') {
    const obj = ctx.store.get(source.plural, ctx.namespace, info.name);
    const metrics = obj && toMetrics(obj);
    if (!metrics) throw notFound(pods ? 'podmetrics' : 'nodemetrics', pods ? `${ctx.namespace}/${info.name}` : info.name);
    return writeJson(ctx.res, 200, { kind, apiVersion: API_VERSION, ...metrics });
  }
  const query = listQuery(ctx.url);
  const objects = listObjects(ctx.store, source, ctx.namespace, { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector }).items;
  const items = objects.map(toMetrics).filter((m) => m !== undefined);
  writeJson(ctx.res, 200, { kind: `${kind}List`, apiVersion: API_VERSION, metadata: {}, items });
}
