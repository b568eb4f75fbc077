/**
 * The LimitRanger admission plugin's defaulting for pods: each container
 * (and init container) without a request or limit for a resource gets the
 * default of its namespace's Container LimitRange, and the pod says so in the
 * kubernetes.io/limit-ranger annotation.
 */
import type { KubeObject, Store } from '../store';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

const ANNOTATION = 'kubernetes.io/limit-ranger';

/** The Container defaults of the namespace's limit ranges, the first range giving a resource winning. */
function containerDefaults(store: Store, namespace: string): { requests: Record<string, string>; limits: Record<string, string> } {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const range of store.list('limitranges', namespace)) {
    for (const item of range.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      for (const [r, q] of Object.entries(item.defaultRequest ?? {})) requests[r] ??= q as string;
      for (const [r, q] of Object.entries(item.default ?? {})) limits[r] ??= q as string;
    }
  }
  // SetDefaults_LimitRangeItem: a Container default without a defaultRequest is also the defaultRequest.
  for (const [r, q] of Object.entries(limits)) requests[r] ??= q;
  return { requests, limits };
}

/** mergeContainerResources over every container; the annotation lists what was set, per container. */
export function admitLimitRange(store: Store, pod: KubeObject): void {
  const defaults = containerDefaults(store, pod.metadata.namespace ?? '');
  if (Object.keys(defaults.requests).length + Object.keys(defaults.limits).length === 0) return;
  const messages: string[] = [];
  const apply = (containers: any[] | undefined, label: string) => {
    for (const c of containers ?? []) {
      const resources = (c.resources ??= {});
      const setRequests: string[] = [];
      const setLimits: string[] = [];
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
      if (setRequests.length) messages.push(`${setRequests.sort().join(', ')} request for ${label} ${c.name}`);
      if (setLimits.length) messages.push(`${setLimits.sort().join(', ')} limit for ${label} ${c.name}`);
    }
  };
  apply(pod.spec?.initContainers, 'init container');
  apply(pod.spec?.containers, 'container');
  if (messages.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [ANNOTATION]: `LimitRanger plugin set: ${messages.join('; ')}` };
}
