/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for each
 * Service with a selector, one IPv4 slice named after it with a generated
 * suffix, listing the matching pods with their ready, serving and
 * terminating conditions, node and zone; a Service whose selector matches
 * nothing keeps a placeholder slice with no ports and no endpoints.
 */
import type { KubeObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import { matchesLabels } from '@/lib/k8s/label-selector';
import { derivedUid, type Controller, type World } from '../world';
import { isPodReady, ownerReference, splitKey } from './common';
import { resolvePorts, selectorOf, syncServices } from './endpoints';
import { computeHash } from './pod-template';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

const SLICES = 'discovery.k8s.io/endpointslices';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

export function createEndpointSliceController(): Controller {
  return {
    name: 'endpointslice-controller',
    start(world: World) {
      syncServices(world, (key) => sync(world, key));
    },
  };
}

function ownedSlices(world: World, namespace: string, name: string): KubeObject[] {
  return world.store.list(SLICES, namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name && s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === MANAGED_BY);
}

function zoneOf(world: World, node: string | undefined): string | undefined {
  return node ? world.store.get('nodes', undefined, node)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;
}

function sync(world: World, key: string) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const svc = store.get('services', namespace, name);
  const existing = ownedSlices(world, namespace, name);
  const selector = svc && selectorOf(svc);
  if (!svc || !selector) {
    for (const s of existing) store.delete(SLICES, namespace, s.metadata.name);
    return;
  }
  const endpoints: any[] = [];
  let ports: any[] | undefined;
  for (const pod of store.each('pods', namespace)) {
    if (!matchesLabels(selector, pod.metadata.labels) || !pod.status?.podIP) continue;
    if (pod.status.phase === 'Failed' || pod.status.phase === 'Succeeded') continue;
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = isPodReady(pod);
    ports ??= resolvePorts(svc, pod).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }));
    const zone = zoneOf(world, pod.spec?.nodeName);
    endpoints.push({
      addresses: [pod.status.podIP],
      conditions: { ready: (ready || !!svc.spec.publishNotReadyAddresses) && !terminating, serving: ready, terminating },
      ...(svc.spec.clusterIP === 'None' && pod.spec?.hostname ? { hostname: pod.spec.hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
      ...(zone ? { zone } : {}),
    });
  }
  endpoints.sort((a, b) => (a.addresses[0] < b.addresses[0] ? -1 : a.addresses[0] > b.addresses[0] ? 1 : 0));
  const labels = {
    ...(svc.metadata.labels ?? {}),
    'endpointslice.kubernetes.io/managed-by': MANAGED_BY,
    'kubernetes.io/service-name': name,
    ...(svc.spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}),
  };
  const body = { addressType: 'IPv4', endpoints: endpoints.length ? endpoints : null, ports: endpoints.length ? ports : null };
  const [slice, ...extra] = existing;
  for (const s of extra) store.delete(SLICES, namespace, s.metadata.name);
  const annotations = { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(world.now()) };
  if (slice) {
    if (JSON.stringify([slice.endpoints, slice.ports, slice.metadata.labels]) === JSON.stringify([body.endpoints, body.ports, labels])) return;
    store.update(SLICES, { ...slice, ...body, metadata: { ...slice.metadata, labels, annotations } });
    return;
  }
  store.create(SLICES, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: sliceName(svc),
      generateName: `${name}-`,
      namespace,
      uid: derivedUid(`endpointslices/${namespace}/${sliceName(svc)}`),
      labels,
      annotations,
      ownerReferences: [ownerReference(svc)],
    },
    ...body,
  });
}

/** generateName's five characters, taken from the Service's uid so the world's seeded random sequence is left as it was. */
function sliceName(svc: KubeObject): string {
  return `${svc.metadata.name}-${computeHash(svc.metadata.uid).slice(0, 5)}`;
}
