/**
 * The endpoints controller: for each Service with a selector, an Endpoints
 * object of the same name listing the matching pods' IPs as ready
 * addresses or notReadyAddresses, with the Service's ports resolved
 * against the pods' named container ports.
 */
import type { KubeObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import { fromLabelSelector, matchesLabels, type Requirement } from '@/lib/k8s/label-selector';
import type { Controller, World } from '../world';
import { WorkQueue, isPodReady, keyOf, splitKey } from './common';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

export function createEndpointsController(): Controller {
  return {
    name: 'endpoint-controller',
    start(world: World) {
      syncServices(world, (key) => sync(world, key));
    },
  };
}

/** Runs `sync` for every Service now and again whenever it or a pod its selector matches changes. */
export function syncServices(world: World, sync: (key: string) => void): void {
  const store = world.store;
  const queue = new WorkQueue(world, sync);
  store.subscribe((e) => {
    if (e.resource === 'services') queue.add(keyOf(e.object));
    else if (e.resource === 'pods') {
      for (const svc of store.each('services', e.object.metadata.namespace)) {
        const selector = selectorOf(svc);
        if (selector && matchesLabels(selector, e.object.metadata.labels)) queue.add(keyOf(svc));
      }
    }
  });
  for (const svc of store.each('services')) queue.add(keyOf(svc));
}

function sync(world: World, key: string) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const svc = store.get('services', namespace, name);
  const existing = store.get('endpoints', namespace, name);
  if (!svc) {
    if (existing) store.delete('endpoints', namespace, name);
    return;
  }
  const selector = selectorOf(svc);
  if (!selector) return;
  const ready: any[] = [];
  const notReady: any[] = [];
  let ports: any[] | undefined;
  for (const pod of store.each('pods', namespace)) {
    if (!matchesLabels(selector, pod.metadata.labels)) continue;
    if (!pod.status?.podIP || pod.metadata.deletionTimestamp) continue;
    if (pod.status.phase === 'Failed' || pod.status.phase === 'Succeeded') continue;
    const address = {
      ip: pod.status.podIP,
      ...(svc.spec.clusterIP === 'None' && pod.spec?.hostname ? { hostname: pod.spec.hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    ports ??= resolvePorts(svc, pod);
    if (isPodReady(pod) || svc.spec.publishNotReadyAddresses) ready.push(address);
    else notReady.push(address);
  }
  const byIP = (a: any, b: any) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  ready.sort(byIP);
  notReady.sort(byIP);
  const subsets = ready.length + notReady.length > 0 ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }] : undefined;
  const labels = { ...(svc.metadata.labels ?? {}), ...(svc.spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
  if (existing) {
    if (JSON.stringify(existing.subsets) === JSON.stringify(subsets) && JSON.stringify(existing.metadata.labels ?? {}) === JSON.stringify(labels)) return;
    store.update('endpoints', {
      ...existing,
      metadata: { ...existing.metadata, labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(world.now()) } },
      ...(subsets ? { subsets } : { subsets: undefined }),
    });
    return;
  }
  store.create('endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace, labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(world.now()) } },
    ...(subsets ? { subsets } : {}),
  });
}

// Stored objects never change, so each version of a Service is parsed once, not on every pod change.
const selectors = new WeakMap<KubeObject, Requirement[] | undefined>();

/** The Service's selector; undefined for a Service without one (its Endpoints are managed by hand). */
export function selectorOf(svc: KubeObject): Requirement[] | undefined {
  if (selectors.has(svc)) return selectors.get(svc);
  const selector = svc.spec?.selector ? (fromLabelSelector({ matchLabels: svc.spec.selector }) ?? []) : undefined;
  selectors.set(svc, selector);
  return selector;
}

export function resolvePorts(svc: KubeObject, pod: KubeObject): any[] {
  return (svc.spec.ports ?? []).map((p: any) => {
    let port = p.targetPort ?? p.port;
    if (typeof port === 'string') {
      const named = (pod.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []).find((cp: any) => cp.name === port);
      port = named?.containerPort ?? 0;
    }
    return { ...(p.name ? { name: p.name } : {}), port, protocol: p.protocol ?? 'TCP' };
  });
}
