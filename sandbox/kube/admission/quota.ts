/**
 * ResourceQuota usage as the quota controller and admission plugin evaluate it
 * (pkg/quota/v1/evaluator/core): pods and their cpu/memory requests and limits,
 * and object counts, in one namespace; and the admission check that refuses a
 * pod that would take usage past a quota's hard limits.
 */
import { newMilliQuantity, newQuantity, quantityString, quantityMilliValue } from '@/lib/k8s/quantity';
import type { KubeObject, Store } from '../store';
import { resourceKey } from '../resources';
import { statusErrors } from '../status';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

type Usage = Record<string, bigint>;

/** Pods in a terminal phase, or past their grace period, use no quota (QuotaV1Pod). */
function countsAgainstQuota(pod: KubeObject): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** A pod's request or limit of one resource: the sum over containers, or the largest init container if more (PodRequests). */
function podAmount(pod: KubeObject, field: 'requests' | 'limits', resource: 'cpu' | 'memory'): bigint {
  const milli = (c: any) => BigInt(quantityMilliValue(c.resources?.[field]?.[resource]));
  const sum = (pod.spec?.containers ?? []).reduce((s: bigint, c: any) => s + milli(c), 0n);
  const init = (pod.spec?.initContainers ?? []).reduce((m: bigint, c: any) => (milli(c) > m ? milli(c) : m), 0n);
  return sum > init ? sum : init;
}

/** The usage one pod adds, for the resources a quota can track (PodUsageFunc): count/pods always, the rest while the pod is not terminal. */
export function podUsage(pod: KubeObject): Usage {
  if (!countsAgainstQuota(pod)) return { 'count/pods': 1000n };
  const usage: Usage = { pods: 1000n, 'count/pods': 1000n };
  for (const resource of ['cpu', 'memory'] as const) {
    usage[`requests.${resource}`] = podAmount(pod, 'requests', resource);
    usage[resource] = usage[`requests.${resource}`];
    usage[`limits.${resource}`] = podAmount(pod, 'limits', resource);
  }
  return usage;
}

/** Object-count resources: "services", "configmaps", "count/deployments.apps" and the like, by store key. */
function countedResource(name: string): string | undefined {
  const legacy: Record<string, string> = {
    services: 'services',
    configmaps: 'configmaps',
    secrets: 'secrets',
    persistentvolumeclaims: 'persistentvolumeclaims',
    replicationcontrollers: 'replicationcontrollers',
    resourcequotas: 'resourcequotas',
  };
  if (legacy[name]) return legacy[name];
  if (!name.startsWith('count/')) return undefined;
  const [plural, ...group] = name.slice('count/'.length).split('.');
  return resourceKey(group.join('.'), plural);
}

/** Milli-units, printed as the quantity the API server shows: cpu in DecimalSI, memory in BinarySI, counts as integers. */
function quantityOf(resource: string, milli: bigint): string {
  if (resource.endsWith('memory')) return quantityString(newQuantity(milli / 1000n, 'BinarySI'));
  if (resource.endsWith('cpu')) return quantityString(newMilliQuantity(milli, 'DecimalSI'));
  return quantityString(newQuantity(milli / 1000n, 'DecimalSI'));
}

/** status.used for the quota's hard resources, from what the namespace holds now. */
export function quotaUsed(store: Store, quota: KubeObject): Record<string, string> {
  const namespace = quota.metadata.namespace!;
  const hard: Record<string, string> = quota.spec?.hard ?? {};
  const totals: Usage = {};
  for (const pod of store.each('pods', namespace)) for (const [k, v] of Object.entries(podUsage(pod))) totals[k] = (totals[k] ?? 0n) + v;
  const used: Record<string, string> = {};
  for (const resource of Object.keys(hard)) {
    const counted = resource in totals || resource === 'pods' ? undefined : countedResource(resource);
    const milli = counted ? BigInt(store.count(counted, namespace)) * 1000n : (totals[resource] ?? 0n);
    used[resource] = quantityOf(resource, milli);
  }
  return used;
}

/** resourcequota admission's prettyPrint: sorted name=quantity pairs. */
function prettyPrint(entries: [string, string][]): string {
  return entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The cpu and memory resources a quota may not track without every container naming them (the pod evaluator's validationSet). */
const VALIDATION_SET = ['cpu', 'limits.cpu', 'limits.memory', 'memory', 'requests.cpu', 'requests.memory'];

/** podComputeUsageHelper's names for what one container states. */
function containerResources(c: any): Set<string> {
  const names = new Set<string>();
  if (c.resources?.requests?.cpu !== undefined) names.add('cpu').add('requests.cpu');
  if (c.resources?.limits?.cpu !== undefined) names.add('limits.cpu');
  if (c.resources?.requests?.memory !== undefined) names.add('memory').add('requests.memory');
  if (c.resources?.limits?.memory !== undefined) names.add('limits.memory');
  return names;
}

/** The pod evaluator's Constraints: "must specify <resource> for: <containers>; ..." for tracked cpu/memory a container leaves unset. */
export function podConstraints(hard: string[], pod: KubeObject): string | undefined {
  const required = VALIDATION_SET.filter((r) => hard.includes(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = containerResources(c);
    for (const r of required) if (!has.has(r)) missing.set(r, (missing.get(r) ?? new Set()).add(c.name));
  }
  if (missing.size === 0) return undefined;
  const sortedNames = (set: Iterable<string>) => [...set].sort();
  return `must specify ${sortedNames(missing.keys())
    .map((r) => `${r} for: ${sortedNames(missing.get(r)!).join(',')}`)
    .join('; ')}`;
}

/**
 * The quota admission plugin's checkRequest for a new pod: every quota's constraints first, then
 * each quota's hard limits against its usage with the pod added. Usage is counted from the
 * namespace as it is now, which is what the plugin's synchronous status.used update keeps it at.
 */
export function admitPodQuota(store: Store, pod: KubeObject): void {
  const forbidden = (message: string) => statusErrors.forbidden(`pods "${pod.metadata.name}" is forbidden: ${message}`, { group: '', plural: 'pods' }, pod.metadata.name);
  const quotas = store.list('resourcequotas', pod.metadata.namespace);
  const hardOf = (quota: KubeObject): Record<string, string> => quota.status?.hard ?? quota.spec?.hard ?? {};
  for (const quota of quotas) {
    const failed = podConstraints(Object.keys(hardOf(quota)), pod);
    if (failed) throw forbidden(`failed quota: ${quota.metadata.name}: ${failed}`);
  }
  const requested = podUsage(pod);
  for (const quota of quotas) {
    const hard = hardOf(quota);
    const used = quotaUsed(store, quota);
    const exceeded = Object.keys(hard).filter((r) => r in requested && requested[r] > 0n && BigInt(quantityMilliValue(used[r] ?? '0')) + requested[r] > BigInt(quantityMilliValue(hard[r])));
    if (exceeded.length === 0) continue;
    throw forbidden(
      `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(exceeded.map((r) => [r, quantityOf(r, requested[r])]))}, used: ${prettyPrint(exceeded.map((r) => [r, used[r] ?? '0']))}, limited: ${prettyPrint(exceeded.map((r) => [r, hard[r]]))}`,
    );
  }
}
