/** An HPA (autoscaling/v2) as the list shows it: kubectl get hpa's columns, the conditions, and what needs attention. Pure. */
import { approximateFloat } from '../quantity';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

export interface HpaCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface HpaRow {
  namespace: string;
  name: string;
  uid: string;
  /** spec.scaleTargetRef */
  reference: { apiVersion?: string; kind: string; name: string };
  /** TARGETS as kubectl prints it: "cpu: 62%/50%", two metrics then "+ N more...". */
  targets: string;
  /** Each metric's current value against its target, for display and the attention check. */
  metrics: MetricValue[];
  /** MINPODS; undefined prints "<unset>". */
  minReplicas?: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  conditions: HpaCondition[];
  lastScaleTime?: string;
  creationTimestamp?: string;
  /** at-max: at maxReplicas with a metric above its target; no-metrics: the controller cannot get or compute its metrics. */
  /** `message` is the controller's own for no-metrics; for at-max it is Watchdeck's sentence in English, and `maxReplicas`/`above` let a page say it in its language. */
  attention?: { kind: 'no-metrics'; message: string } | { kind: 'at-max'; message: string; maxReplicas: number; above: string[] };
}

export interface MetricValue {
  /** "cpu", "memory", or the metric's name. */
  name: string;
  type: string;
  /** "62%", "310m", or undefined when the controller reported none. */
  current?: string;
  target: string;
  /** current above target, when both are known. */
  above?: boolean;
}

function quantity(value: unknown): string {
  return value === undefined || value === null ? '<unset>' : String(value);
}

function compare(current: unknown, target: unknown): boolean | undefined {
  const c = typeof current === 'number' ? current : approximateFloat(current as string | undefined);
  const t = typeof target === 'number' ? target : approximateFloat(target as string | undefined);
  return c === undefined || t === undefined ? undefined : c > t;
}

/** One metric against its status entry (same index, as the controller writes them). */
export function metricValue(spec: any, status: any): MetricValue & { text: string } {
  const unknown = '<unknown>';
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const src = spec[key] ?? {};
      const cur = status?.[key]?.current;
      if (src.target?.averageValue !== undefined) {
        const current = cur?.averageValue !== undefined ? String(cur.averageValue) : undefined;
        const target = quantity(src.target.averageValue);
        return { name: src.name, type: spec.type, current, target, above: compare(current, target), text: `${src.name}: ${current ?? unknown}/${target}` };
      }
      const current = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : undefined;
      const target = src.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
      const above = cur?.averageUtilization !== undefined && src.target?.averageUtilization !== undefined ? cur.averageUtilization > src.target.averageUtilization : undefined;
      return { name: src.name, type: spec.type, current, target, above, text: `${src.name}: ${current ?? unknown}/${target}` };
    }
    case 'Pods': {
      const current = status?.pods ? quantity(status.pods.current?.averageValue) : undefined;
      const target = quantity(spec.pods?.target?.averageValue);
      return { name: spec.pods?.metric?.name ?? '', type: spec.type, current, target, above: compare(current, target), text: `${current ?? unknown}/${target}` };
    }
    case 'Object':
    case 'External': {
      const key = spec.type === 'Object' ? 'object' : 'external';
      const src = spec[key] ?? {};
      const st = status?.[key];
      const avg = src.target?.averageValue !== undefined;
      const current = avg ? (st?.current?.averageValue !== undefined ? String(st.current.averageValue) : undefined) : st ? quantity(st.current?.value) : undefined;
      const target = quantity(avg ? src.target.averageValue : src.target?.value);
      return { name: src.metric?.name ?? '', type: spec.type, current, target, above: compare(current, target), text: `${current ?? unknown}/${target}${avg ? ' (avg)' : ''}` };
    }
    default:
      return { name: '', type: String(spec.type), target: '', text: '<unknown type>' };
  }
}

/** formatHPAMetrics: the TARGETS column. */
export function formatTargets(specs: any[] | undefined, statuses: any[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => metricValue(spec, statuses?.[i]).text);
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

const METRIC_FAILURES = /^Failed(Get\w*Metric|ComputeMetricsReplicas)$|^InvalidMetricSourceType$|^InvalidSelector$/;

export function hpaRow(hpa: any): HpaRow {
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  const ref = spec.scaleTargetRef ?? {};
  const specs: any[] = spec.metrics ?? [];
  const metrics = specs.map((m, i) => {
    const { text: _text, ...value } = metricValue(m, status.currentMetrics?.[i]);
    return value;
  });
  const conditions: HpaCondition[] = (status.conditions ?? []).map((c: any) => ({
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
    ...(c.lastTransitionTime ? { lastTransitionTime: c.lastTransitionTime } : {}),
  }));
  const currentReplicas: number = status.currentReplicas ?? 0;
  const maxReplicas: number = spec.maxReplicas ?? 0;
  const active = conditions.find((c) => c.type === 'ScalingActive');
  let attention: HpaRow['attention'];
  if (active?.status === 'False' && METRIC_FAILURES.test(active.reason ?? '')) {
    attention = { kind: 'no-metrics', message: active.message ?? active.reason ?? '' };
  } else if (currentReplicas >= maxReplicas && metrics.some((m) => m.above)) {
    const above = metrics.filter((m) => m.above).map((m) => `${m.name} ${m.current} > ${m.target}`);
    attention = { kind: 'at-max', message: `at maxReplicas (${maxReplicas}) with ${above.join(', ')}`, maxReplicas, above };
  }
  return {
    namespace: hpa.metadata.namespace ?? '',
    name: hpa.metadata.name,
    uid: hpa.metadata.uid ?? '',
    reference: { ...(ref.apiVersion ? { apiVersion: ref.apiVersion } : {}), kind: ref.kind ?? '', name: ref.name ?? '' },
    targets: formatTargets(specs, status.currentMetrics),
    metrics,
    ...(typeof spec.minReplicas === 'number' ? { minReplicas: spec.minReplicas } : {}),
    maxReplicas,
    currentReplicas,
    desiredReplicas: status.desiredReplicas ?? 0,
    conditions,
    ...(status.lastScaleTime ? { lastScaleTime: status.lastScaleTime } : {}),
    ...(hpa.metadata.creationTimestamp ? { creationTimestamp: hpa.metadata.creationTimestamp } : {}),
    ...(attention ? { attention } : {}),
  };
}
