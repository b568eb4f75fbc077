/**
 * The LimitRanger admission plugin for pods (plugin/pkg/admission/limitranger):
 * each limit range of the pod's namespace in turn fills in the Container
 * defaults a container lacks (annotating the pod with what it set), then the
 * pod must fit each range's Container and Pod min, max and
 * maxLimitRequestRatio, or is refused with the plugin's 403.
 */
import { canonicalQuantity, parseQuantity, scaledValue } from '@/lib/k8s/quantity';
import type { KubeObject, Store } from '../store';
import { statusErrors } from '../status';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

type ResourceList = Record<string, string>;

interface LimitRangeItem {
  type?: string;
  min?: ResourceList;
  max?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

const ANNOTATION = 'kubernetes.io/limit-ranger';

/** SetDefaults_LimitRangeItem (pkg/apis/core/v1/defaults.go): a Container item's default limit from max, default request from default, then min. */
export function defaultLimitRangeItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== 'Container') return item;
  const limits: ResourceList = { ...(item.default ?? {}) };
  const requests: ResourceList = { ...(item.defaultRequest ?? {}) };
  for (const [r, q] of Object.entries(item.max ?? {})) limits[r] ??= q;
  for (const [r, q] of Object.entries(limits)) requests[r] ??= q;
  for (const [r, q] of Object.entries(item.min ?? {})) requests[r] ??= q;
  return { ...item, default: limits, defaultRequest: requests };
}

function limitRanges(store: Store, namespace: string): LimitRangeItem[][] {
  return store.list('limitranges', namespace).map((range) => ((range.spec?.limits ?? []) as LimitRangeItem[]).map(defaultLimitRangeItem));
}

/** mergeContainerResources: what the container lacks of the defaults, named for the annotation. */
function mergeContainerResources(c: any, defaults: { requests: ResourceList; limits: ResourceList }, prefix: string, annotations: string[]): void {
  const resources = (c.resources ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [r, q] of Object.entries(defaults.limits)) {
    if (resources.limits?.[r] !== undefined) continue;
    resources.limits = { ...(resources.limits ?? {}), [r]: q };
    setLimits.push(r);
  }
  for (const [r, q] of Object.entries(defaults.requests)) {
    if (resources.requests?.[r] !== undefined) continue;
    resources.requests = { ...(resources.requests ?? {}), [r]: q };
    setRequests.push(r);
  }
  if (setRequests.length) annotations.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (setLimits.length) annotations.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
}

/** PodMutateLimitFunc for one range: its Container defaults (the last item naming a resource wins); the annotation is the last range's that set anything. */
function mutate(items: LimitRangeItem[], pod: KubeObject): void {
  const defaults = { requests: {} as ResourceList, limits: {} as ResourceList };
  for (const item of items) {
    if (item.type !== 'Container') continue;
    Object.assign(defaults.requests, item.defaultRequest ?? {});
    Object.assign(defaults.limits, item.default ?? {});
  }
  const annotations: string[] = [];
  for (const c of pod.spec?.containers ?? []) mergeContainerResources(c, defaults, 'container', annotations);
  for (const c of pod.spec?.initContainers ?? []) mergeContainerResources(c, defaults, 'init container', annotations);
  if (annotations.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [ANNOTATION]: `LimitRanger plugin set: ${annotations.join('; ')}` };
}

const milli = (q: string): bigint => scaledValue(parseQuantity(q), -3);

/** minConstraint, with the plugin's message. */
function minConstraint(type: string, resource: string, enforced: string, request: ResourceList, limit: ResourceList): string | undefined {
  const min = canonicalQuantity(enforced);
  if (request[resource] === undefined) return `minimum ${resource} usage per ${type} is ${min}.  No request is specified`;
  if (milli(request[resource]) < milli(enforced)) return `minimum ${resource} usage per ${type} is ${min}, but request is ${canonicalQuantity(request[resource])}`;
  if (limit[resource] !== undefined && milli(limit[resource]) < milli(enforced)) return `minimum ${resource} usage per ${type} is ${min}, but limit is ${canonicalQuantity(limit[resource])}`;
  return undefined;
}

/** maxConstraint, with the plugin's message. */
function maxConstraint(type: string, resource: string, enforced: string, request: ResourceList, limit: ResourceList): string | undefined {
  const max = canonicalQuantity(enforced);
  if (limit[resource] === undefined) return `maximum ${resource} usage per ${type} is ${max}.  No limit is specified`;
  if (milli(limit[resource]) > milli(enforced)) return `maximum ${resource} usage per ${type} is ${max}, but limit is ${canonicalQuantity(limit[resource])}`;
  if (request[resource] !== undefined && milli(request[resource]) > milli(enforced)) return `maximum ${resource} usage per ${type} is ${max}, but request is ${canonicalQuantity(request[resource])}`;
  return undefined;
}

/** limitRequestRatioConstraint, with the plugin's message; the observed ratio printed as Go's %f. */
function ratioConstraint(type: string, resource: string, enforced: string, request: ResourceList, limit: ResourceList): string | undefined {
  const ratio = canonicalQuantity(enforced);
  const req = request[resource] === undefined ? 0n : milli(request[resource]);
  const lim = limit[resource] === undefined ? 0n : milli(limit[resource]);
  if (req === 0n) return `${resource} max limit to request ratio per ${type} is ${ratio}, but no request is specified or request is 0`;
  if (lim === 0n) return `${resource} max limit to request ratio per ${type} is ${ratio}, but no limit is specified or limit is 0`;
  const observed = Number(lim) / Number(req);
  if (observed * 1000 > Number(milli(enforced))) return `${resource} max limit to request ratio per ${type} is ${ratio}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

function constraints(item: LimitRangeItem, type: string, request: ResourceList, limit: ResourceList): string[] {
  const errors: (string | undefined)[] = [];
  const sorted = (list?: ResourceList) => Object.entries(list ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [r, q] of sorted(item.min)) errors.push(minConstraint(type, r, q, request, limit));
  for (const [r, q] of sorted(item.max)) errors.push(maxConstraint(type, r, q, request, limit));
  for (const [r, q] of sorted(item.maxLimitRequestRatio)) errors.push(ratioConstraint(type, r, q, request, limit));
  return errors.filter((e): e is string => e !== undefined);
}

/** podRequests / podLimits (cpu and memory as milli sums): the containers' sum, or the largest init container if more. */
function podTotals(pod: KubeObject, field: 'requests' | 'limits'): ResourceList {
  const sum: Record<string, bigint> = {};
  const init: Record<string, bigint> = {};
  for (const c of pod.spec?.containers ?? []) for (const [r, q] of Object.entries((c.resources?.[field] ?? {}) as ResourceList)) sum[r] = (sum[r] ?? 0n) + milli(q);
  for (const c of pod.spec?.initContainers ?? [])
    for (const [r, q] of Object.entries((c.resources?.[field] ?? {}) as ResourceList)) if (init[r] === undefined || milli(q) > init[r]) init[r] = milli(q);
  for (const [r, v] of Object.entries(init)) if (sum[r] === undefined || v > sum[r]) sum[r] = v;
  return Object.fromEntries(Object.entries(sum).map(([r, v]) => [r, `${v}m`]));
}

/** PodValidateLimitFunc for one range: every breach, in the order the plugin checks them. */
function validate(items: LimitRangeItem[], pod: KubeObject): string[] {
  const errors: string[] = [];
  for (const item of items) {
    if (item.type === 'Container') {
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) errors.push(...constraints(item, 'Container', c.resources?.requests ?? {}, c.resources?.limits ?? {}));
    } else if (item.type === 'Pod') {
      errors.push(...constraints(item, 'Pod', podTotals(pod, 'requests'), podTotals(pod, 'limits')));
    }
  }
  return errors;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several (without repeats) bracketed. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** The mutating half: defaults from each range in turn, as Admit runs before any validation. */
export function admitLimitRange(store: Store, pod: KubeObject): void {
  for (const items of limitRanges(store, pod.metadata.namespace ?? '')) mutate(items, pod);
}

/** The validating half: the first range the pod breaks refuses it with admission.NewForbidden's 403. */
export function validateLimitRange(store: Store, pod: KubeObject): void {
  for (const items of limitRanges(store, pod.metadata.namespace ?? '')) {
    const errors = validate(items, pod);
    if (errors.length === 0) continue;
    throw statusErrors.forbidden(`pods "${pod.metadata.name}" is forbidden: ${aggregate(errors)}`, { group: '', plural: 'pods' }, pod.metadata.name);
  }
}
