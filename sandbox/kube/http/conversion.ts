/**
 * Between the storage version and the version a client asked for.
 * HorizontalPodAutoscalers are stored as autoscaling/v2, and autoscaling/v1
 * clients see targetCPUUtilizationPercentage with everything else kept in the
 * autoscaling.alpha.kubernetes.io annotations, as
 * pkg/apis/autoscaling/v1/conversion.go does. events.k8s.io/v1 Events are
 * stored as core v1 Events and renamed field by field, as
 * pkg/apis/events/v1/conversion.go does.
 */
import { groupVersion, type ResourceType } from '../resources';
import type { KubeObject } from '../store';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON

export const HPA_ANNOTATIONS = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
};

const omitUndefined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const isEventsV1 = (type: ResourceType) => type.group === 'events.k8s.io' && type.kind === 'Event';

/** Whether the client's version differs from what the store holds, so each object needs toVersion. */
export function needsConversion(type: ResourceType, version: string): boolean {
  return isEventsV1(type) || (type.kind === 'HorizontalPodAutoscaler' && version !== type.versions[0]);
}

/** A stored object as the client's version shows it. */
export function toVersion(type: ResourceType, obj: KubeObject, version: string): KubeObject {
  const apiVersion = groupVersion(type, version);
  if (type.kind === 'HorizontalPodAutoscaler' && version === 'v1') return hpaToV1(obj);
  if (isEventsV1(type)) return coreEventToEventsV1(obj);
  if (obj.apiVersion === apiVersion && obj.kind === type.kind) return obj;
  return { ...obj, apiVersion, kind: type.kind };
}

/** A client's object in the storage version. */
export function fromVersion(type: ResourceType, obj: KubeObject, version: string): KubeObject {
  if (type.kind === 'HorizontalPodAutoscaler' && version === 'v1') return hpaFromV1(obj);
  if (isEventsV1(type)) return eventsV1ToCoreEvent(obj);
  return { ...obj, apiVersion: groupVersion(type), kind: type.kind };
}

/**
 * Convert_core_Event_To_v1_Event. Empty fields print as Go's encoder prints
 * them: eventTime, the deprecated timestamps and deprecatedSource have no
 * omitempty effect (structs), the rest are left out.
 */
export function coreEventToEventsV1(obj: KubeObject): KubeObject {
  const e = obj as Obj;
  return omitUndefined({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    series: e.series ?? undefined,
    reportingController: e.reportingComponent || undefined,
    reportingInstance: e.reportingInstance || undefined,
    action: e.action || undefined,
    reason: e.reason || undefined,
    regarding: e.involvedObject ?? {},
    related: e.related ?? undefined,
    note: e.message || undefined,
    type: e.type || undefined,
    deprecatedSource: e.source ?? {},
    deprecatedFirstTimestamp: e.firstTimestamp ?? null,
    deprecatedLastTimestamp: e.lastTimestamp ?? null,
    deprecatedCount: e.count || undefined,
  }) as KubeObject;
}

/** Convert_v1_Event_To_core_Event: the core v1 Event the store keeps, with reportingComponent and reportingInstance always present as core v1 prints them. */
export function eventsV1ToCoreEvent(obj: KubeObject): KubeObject {
  const e = obj as Obj;
  return omitUndefined({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason || undefined,
    message: e.note || undefined,
    source: e.deprecatedSource ?? {},
    firstTimestamp: e.deprecatedFirstTimestamp ?? null,
    lastTimestamp: e.deprecatedLastTimestamp ?? null,
    count: e.deprecatedCount || undefined,
    type: e.type || undefined,
    eventTime: e.eventTime ?? null,
    series: e.series ?? undefined,
    action: e.action || undefined,
    related: e.related ?? undefined,
    reportingComponent: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
  }) as KubeObject;
}

function isCpuUtilization(m: Obj): boolean {
  return m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.averageUtilization !== undefined;
}

function metricSpecToV1(m: Obj): Obj {
  switch (m.type) {
    case 'Resource':
      return {
        type: 'Resource',
        resource: omitUndefined({ name: m.resource.name, targetAverageUtilization: m.resource.target?.averageUtilization, targetAverageValue: m.resource.target?.averageValue }),
      };
    case 'ContainerResource':
      return {
        type: 'ContainerResource',
        containerResource: omitUndefined({
          name: m.containerResource.name,
          container: m.containerResource.container,
          targetAverageUtilization: m.containerResource.target?.averageUtilization,
          targetAverageValue: m.containerResource.target?.averageValue,
        }),
      };
    case 'Pods':
      return { type: 'Pods', pods: omitUndefined({ metricName: m.pods.metric?.name, selector: m.pods.metric?.selector, targetAverageValue: m.pods.target?.averageValue }) };
    case 'Object':
      return {
        type: 'Object',
        object: omitUndefined({
          target: m.object.describedObject,
          metricName: m.object.metric?.name,
          selector: m.object.metric?.selector,
          targetValue: m.object.target?.value,
          averageValue: m.object.target?.averageValue,
        }),
      };
    case 'External':
      return {
        type: 'External',
        external: omitUndefined({
          metricName: m.external.metric?.name,
          metricSelector: m.external.metric?.selector,
          targetValue: m.external.target?.value,
          targetAverageValue: m.external.target?.averageValue,
        }),
      };
    default:
      return m;
  }
}

function metricSpecFromV1(m: Obj): Obj {
  const target = (utilization: unknown, averageValue: unknown, value?: unknown) =>
    utilization !== undefined ? { type: 'Utilization', averageUtilization: utilization } : averageValue !== undefined ? { type: 'AverageValue', averageValue } : { type: 'Value', value };
  switch (m.type) {
    case 'Resource':
      return { type: 'Resource', resource: { name: m.resource.name, target: target(m.resource.targetAverageUtilization, m.resource.targetAverageValue) } };
    case 'ContainerResource':
      return {
        type: 'ContainerResource',
        containerResource: {
          name: m.containerResource.name,
          container: m.containerResource.container,
          target: target(m.containerResource.targetAverageUtilization, m.containerResource.targetAverageValue),
        },
      };
    case 'Pods':
      return { type: 'Pods', pods: { metric: omitUndefined({ name: m.pods.metricName, selector: m.pods.selector }), target: { type: 'AverageValue', averageValue: m.pods.targetAverageValue } } };
    case 'Object':
      return {
        type: 'Object',
        object: {
          describedObject: m.object.target,
          metric: omitUndefined({ name: m.object.metricName, selector: m.object.selector }),
          target: target(undefined, m.object.averageValue, m.object.targetValue),
        },
      };
    case 'External':
      return {
        type: 'External',
        external: { metric: omitUndefined({ name: m.external.metricName, selector: m.external.metricSelector }), target: target(undefined, m.external.targetAverageValue, m.external.targetValue) },
      };
    default:
      return m;
  }
}

function metricStatusToV1(m: Obj): Obj {
  switch (m.type) {
    case 'Resource':
      return {
        type: 'Resource',
        resource: omitUndefined({ name: m.resource.name, currentAverageUtilization: m.resource.current?.averageUtilization, currentAverageValue: m.resource.current?.averageValue }),
      };
    case 'ContainerResource':
      return {
        type: 'ContainerResource',
        containerResource: omitUndefined({
          name: m.containerResource.name,
          container: m.containerResource.container,
          currentAverageUtilization: m.containerResource.current?.averageUtilization,
          currentAverageValue: m.containerResource.current?.averageValue,
        }),
      };
    case 'Pods':
      return { type: 'Pods', pods: omitUndefined({ metricName: m.pods.metric?.name, selector: m.pods.metric?.selector, currentAverageValue: m.pods.current?.averageValue }) };
    case 'Object':
      return {
        type: 'Object',
        object: omitUndefined({
          target: m.object.describedObject,
          metricName: m.object.metric?.name,
          selector: m.object.metric?.selector,
          currentValue: m.object.current?.value,
          averageValue: m.object.current?.averageValue,
        }),
      };
    case 'External':
      return {
        type: 'External',
        external: omitUndefined({
          metricName: m.external.metric?.name,
          metricSelector: m.external.metric?.selector,
          currentValue: m.external.current?.value,
          currentAverageValue: m.external.current?.averageValue,
        }),
      };
    default:
      return m;
  }
}

function metricStatusFromV1(m: Obj): Obj {
  switch (m.type) {
    case 'Resource':
      return {
        type: 'Resource',
        resource: { name: m.resource.name, current: omitUndefined({ averageUtilization: m.resource.currentAverageUtilization, averageValue: m.resource.currentAverageValue }) },
      };
    case 'ContainerResource':
      return {
        type: 'ContainerResource',
        containerResource: {
          name: m.containerResource.name,
          container: m.containerResource.container,
          current: omitUndefined({ averageUtilization: m.containerResource.currentAverageUtilization, averageValue: m.containerResource.currentAverageValue }),
        },
      };
    case 'Pods':
      return { type: 'Pods', pods: { metric: omitUndefined({ name: m.pods.metricName, selector: m.pods.selector }), current: { averageValue: m.pods.currentAverageValue } } };
    case 'Object':
      return {
        type: 'Object',
        object: {
          describedObject: m.object.target,
          metric: omitUndefined({ name: m.object.metricName, selector: m.object.selector }),
          current: omitUndefined({ value: m.object.currentValue, averageValue: m.object.averageValue }),
        },
      };
    case 'External':
      return {
        type: 'External',
        external: {
          metric: omitUndefined({ name: m.external.metricName, selector: m.external.metricSelector }),
          current: omitUndefined({ value: m.external.currentValue, averageValue: m.external.currentAverageValue }),
        },
      };
    default:
      return m;
  }
}

function hpaToV1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Obj;
  const status = (obj.status ?? {}) as Obj;
  const metrics = (spec.metrics ?? []) as Obj[];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => !isCpuUtilization(m)).map(metricSpecToV1);
  const currentMetrics = (status.currentMetrics ?? []) as Obj[];
  const currentCpu = currentMetrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current?.averageUtilization;
  const conditions = (status.conditions ?? []) as Obj[];

  const annotations: Record<string, string> = { ...(obj.metadata.annotations ?? {}) };
  if (others.length > 0) annotations[HPA_ANNOTATIONS.metrics] = JSON.stringify(others);
  if (currentMetrics.length > 0) annotations[HPA_ANNOTATIONS.currentMetrics] = JSON.stringify(currentMetrics.map(metricStatusToV1));
  if (spec.behavior) annotations[HPA_ANNOTATIONS.behavior] = JSON.stringify(spec.behavior);
  if (conditions.length > 0) annotations[HPA_ANNOTATIONS.conditions] = JSON.stringify(conditions);

  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { ...obj.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: omitUndefined({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource.target.averageUtilization,
    }),
    status: omitUndefined({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCpu,
    }),
  };
}

function parseAnnotation(annotations: Record<string, string>, key: string): Obj[] | Obj | undefined {
  const raw = annotations[key];
  delete annotations[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function hpaFromV1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Obj;
  const status = (obj.status ?? {}) as Obj;
  const annotations: Record<string, string> = { ...(obj.metadata?.annotations ?? {}) };
  const others = (parseAnnotation(annotations, HPA_ANNOTATIONS.metrics) as Obj[] | undefined) ?? [];
  const currentMetrics = (parseAnnotation(annotations, HPA_ANNOTATIONS.currentMetrics) as Obj[] | undefined) ?? [];
  const behavior = parseAnnotation(annotations, HPA_ANNOTATIONS.behavior) as Obj | undefined;
  const conditions = parseAnnotation(annotations, HPA_ANNOTATIONS.conditions) as Obj[] | undefined;

  const metrics: Obj[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  metrics.push(...others.map(metricSpecFromV1));
  const v2CurrentMetrics = currentMetrics.map(metricStatusFromV1);
  if (status.currentCPUUtilizationPercentage !== undefined && !v2CurrentMetrics.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')) {
    v2CurrentMetrics.unshift({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } });
  }
  const metadata = { ...obj.metadata };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;

  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: omitUndefined({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: metrics.length > 0 ? metrics : undefined,
      behavior,
    }),
    ...(obj.status
      ? {
          status: omitUndefined({
            observedGeneration: status.observedGeneration,
            lastScaleTime: status.lastScaleTime,
            currentReplicas: status.currentReplicas,
            desiredReplicas: status.desiredReplicas,
            currentMetrics: v2CurrentMetrics.length > 0 ? v2CurrentMetrics : undefined,
            conditions,
          }),
        }
      : {}),
  };
}
