/**
 * Defaulting and create-time preparation as the API server's scheme defaults
 * and registry strategies apply them, for the fields clients and
 * controllers read back (pod spec defaults, workload strategies, status reset).
 */
import type { ResourceType } from '../resources';
import type { KubeObject } from '../store';
import { defaultLimitRangeItem } from '../admission/limitrange';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON

function setDefault(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}

function defaultContainer(c: Obj): void {
  const image = String(c.image ?? '');
  const lastSegment = image.split('/').pop() ?? '';
  const tagged = lastSegment.includes(':') && !image.endsWith(':latest');
  setDefault(c, 'imagePullPolicy', image.includes('@') || tagged ? 'IfNotPresent' : 'Always');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  const limits = c.resources.limits as Record<string, string> | undefined;
  if (limits) c.resources.requests = { ...limits, ...(c.resources.requests ?? {}) };
  for (const p of (c.ports ?? []) as Obj[]) setDefault(p, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: Obj | undefined): void {
  if (!spec) return;
  for (const c of (spec.containers ?? []) as Obj[]) defaultContainer(c);
  for (const c of (spec.initContainers ?? []) as Obj[]) defaultContainer(c);
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) spec.serviceAccountName = spec.serviceAccount;
}

/** Kubernetes' QoS class of a pod spec (after defaulting). */
export function qosClass(spec: Obj | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...((spec?.containers ?? []) as Obj[]), ...((spec?.initContainers ?? []) as Obj[])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = (c.resources?.requests ?? {}) as Record<string, string>;
    const limits = (c.resources?.limits ?? {}) as Record<string, string>;
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || (requests[r] !== undefined && requests[r] !== limits[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultTemplate(template: Obj | undefined): void {
  if (!template) return;
  template.metadata ??= {};
  defaultPodSpec(template.spec);
}

const POD_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** Secrets keep only data: stringData is folded in (base64) on every write, as the v1 conversion does. */
export function foldStringData(obj: KubeObject): void {
  const o = obj as Obj;
  if (o.kind !== 'Secret') return;
  o.type ??= 'Opaque';
  if (!o.stringData) return;
  const data: Record<string, string> = { ...(o.data ?? {}) };
  for (const [k, v] of Object.entries(o.stringData as Record<string, string>)) data[k] = Buffer.from(String(v)).toString('base64');
  o.data = data;
  delete o.stringData;
}

/** Defaults and strategy preparation for an object about to be created. */
export function prepareForCreate(type: ResourceType, obj: KubeObject): void {
  const o = obj as Obj;
  const spec = o.spec as Obj | undefined;
  switch (type.kind) {
    case 'Pod': {
      o.spec ??= {};
      defaultPodSpec(o.spec);
      setDefault(o.spec, 'serviceAccountName', 'default');
      setDefault(o.spec, 'enableServiceLinks', true);
      setDefault(o.spec, 'priority', 0);
      setDefault(o.spec, 'preemptionPolicy', 'PreemptLowerPriority');
      // The DefaultTolerationSeconds admission plugin.
      const tolerations = (o.spec.tolerations ?? []) as Obj[];
      for (const t of POD_TOLERATIONS) if (!tolerations.some((x) => x.key === t.key)) tolerations.push(t);
      o.spec.tolerations = tolerations;
      o.status = { phase: 'Pending', qosClass: qosClass(o.spec) };
      return;
    }
    case 'PersistentVolumeClaim':
      o.spec ??= {};
      setDefault(o.spec, 'volumeMode', 'Filesystem');
      // The strategy drops any status; the PV controller marks an unbound claim Pending straight away.
      o.status = { phase: 'Pending' };
      return;
    case 'LimitRange':
      if (Array.isArray(spec?.limits)) spec.limits = spec.limits.map(defaultLimitRangeItem);
      return;
    case 'StorageClass':
      setDefault(o, 'reclaimPolicy', 'Delete');
      setDefault(o, 'volumeBindingMode', 'Immediate');
      return;
    case 'Namespace':
      o.spec = { finalizers: ['kubernetes'], ...(spec ?? {}) };
      o.status = { phase: 'Active' };
      return;
    case 'Deployment':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'strategy', { type: 'RollingUpdate' });
      if (spec.strategy.type === 'RollingUpdate') spec.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...(spec.strategy.rollingUpdate ?? {}) };
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      defaultTemplate(spec.template);
      break;
    case 'ReplicaSet':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec.template);
      break;
    case 'StatefulSet':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec.template);
      break;
    case 'DaemonSet':
      if (!spec) return;
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec.template);
      break;
    case 'Job':
      if (!spec) return;
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      if (spec.template) spec.template.spec = { restartPolicy: 'Never', ...(spec.template.spec ?? {}) };
      defaultTemplate(spec.template);
      break;
    case 'CronJob':
      if (!spec) return;
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      defaultTemplate(spec.jobTemplate?.spec?.template);
      break;
    case 'Service':
      if (!spec) return;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      for (const p of (spec.ports ?? []) as Obj[]) {
        setDefault(p, 'protocol', 'TCP');
        setDefault(p, 'targetPort', p.port);
      }
      break;
    case 'HorizontalPodAutoscaler':
      if (!spec) return;
      setDefault(spec, 'minReplicas', 1);
      if (!spec.metrics) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
      break;
  }
  // Registry strategies reset status on create for kinds that have a status subresource (nodes keep theirs).
  if (type.subresources?.includes('status') && type.kind !== 'Node') o.status = {};
}
