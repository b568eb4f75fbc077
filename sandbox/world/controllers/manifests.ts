/**
 * Objects as the API server stores them after defaulting, for the scenario
 * and the generated large clusters (they are written to the store directly,
 * not through the API server).
 */
import type { NewObject } from '../../kube/store';
import { defaultPodSpec } from './pod-template';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

export interface WorkloadOptions {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Labels the selector uses; defaults to `labels`. */
  selector?: Record<string, string>;
  podSpec: any;
  podAnnotations?: Record<string, string>;
  annotations?: Record<string, string>;
}

function template(o: WorkloadOptions) {
  return {
    metadata: { labels: { ...o.labels }, ...(o.podAnnotations ? { annotations: o.podAnnotations } : {}) },
    spec: defaultPodSpec(o.podSpec),
  };
}

function meta(o: WorkloadOptions, extra: Record<string, unknown> = {}) {
  return { name: o.name, namespace: o.namespace, labels: { ...o.labels }, ...(o.annotations ? { annotations: o.annotations } : {}), ...extra };
}

export function deploymentManifest(o: WorkloadOptions & { replicas: number; strategy?: any; minReadySeconds?: number }): NewObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(o),
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { ...(o.selector ?? o.labels) } },
      template: template(o),
      strategy: o.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      ...(o.minReadySeconds ? { minReadySeconds: o.minReadySeconds } : {}),
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

export function daemonSetManifest(o: WorkloadOptions & { maxUnavailable?: number | string }): NewObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(o, { annotations: { 'deprecated.daemonset.template.generation': '1', ...(o.annotations ?? {}) } }),
    spec: {
      selector: { matchLabels: { ...(o.selector ?? o.labels) } },
      template: template(o),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: o.maxUnavailable ?? 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  };
}

export function statefulSetManifest(o: WorkloadOptions & { replicas: number; serviceName: string; volumeClaimTemplates?: any[] }): NewObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(o),
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { ...(o.selector ?? o.labels) } },
      template: template(o),
      serviceName: o.serviceName,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      ...(o.volumeClaimTemplates ? { volumeClaimTemplates: o.volumeClaimTemplates.map((t) => ({ ...t, spec: { volumeMode: 'Filesystem', ...t.spec }, status: { phase: 'Pending' } })) } : {}),
    },
    status: { replicas: 0, availableReplicas: 0 },
  };
}

export function jobSpec(o: {
  podSpec: any;
  labels: Record<string, string>;
  parallelism?: number;
  completions?: number;
  backoffLimit?: number;
  ttlSecondsAfterFinished?: number;
  activeDeadlineSeconds?: number;
}) {
  return {
    ...(o.parallelism !== undefined ? { parallelism: o.parallelism } : { parallelism: 1 }),
    ...(o.completions !== undefined ? { completions: o.completions } : o.parallelism === undefined ? { completions: 1 } : {}),
    backoffLimit: o.backoffLimit ?? 6,
    ...(o.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: o.ttlSecondsAfterFinished } : {}),
    ...(o.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: o.activeDeadlineSeconds } : {}),
    completionMode: 'NonIndexed',
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    manualSelector: false,
    template: { metadata: { labels: { ...o.labels } }, spec: defaultPodSpec(o.podSpec) },
  };
}

export function serviceManifest(o: {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  selector?: Record<string, string>;
  clusterIP: string;
  ports: { name?: string; port: number; targetPort?: number | string; protocol?: string }[];
}): NewObject {
  const headless = o.clusterIP === 'None';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.selector ? { selector: o.selector } : {}),
      ports: o.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? 'TCP', port: p.port, targetPort: p.targetPort ?? p.port })),
      clusterIP: o.clusterIP,
      clusterIPs: [o.clusterIP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      ...(headless ? { publishNotReadyAddresses: false } : {}),
    },
    status: { loadBalancer: {} },
  };
}

export function container(name: string, image: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }, extra: Record<string, unknown> = {}) {
  return { name, image, resources, ...extra };
}
