import { describe, expect, it } from 'vitest';
import type { ResourceEntry } from '../api/queries/resources';
import { eventObjectHref } from './object-link';

const entry = (group: string, version: string, resource: string, kind: string, namespaced = true): ResourceEntry => ({
  group,
  version,
  resource,
  kind,
  namespaced,
  verbs: ['get', 'list'],
  shortNames: [],
  categories: [],
  subresources: [],
  list: { allowed: true },
});

const served = [
  entry('core', 'v1', 'pods', 'Pod'),
  entry('core', 'v1', 'nodes', 'Node', false),
  entry('apps', 'v1', 'deployments', 'Deployment'),
  entry('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  entry('core', 'v1', 'services', 'Service'),
  entry('cert-manager.io', 'v1', 'certificates', 'Certificate'),
];

describe('the page an Event links its object to', () => {
  it('opens the dedicated pod, workload, node and HPA pages', () => {
    expect(eventObjectHref('c', served, { kind: 'Pod', name: 'web-1', namespace: 'shop', apiVersion: 'v1' })).toBe('/c/c/pods/shop/web-1?namespace=shop');
    expect(eventObjectHref('c', served, { kind: 'Deployment', name: 'web', namespace: 'shop', apiVersion: 'apps/v1' })).toBe('/c/c/workloads/shop/deployments/web?namespace=shop');
    expect(eventObjectHref('c', served, { kind: 'Node', name: 'ip-10-0-1-1', namespace: 'default', apiVersion: 'v1' })).toBe('/c/c/nodes/ip-10-0-1-1');
    // An HPA's events name autoscaling/v1 or v2; the page is the same.
    expect(eventObjectHref('c', served, { kind: 'HorizontalPodAutoscaler', name: 'web', namespace: 'shop', apiVersion: 'autoscaling/v1' })).toBe('/c/c/autoscaling/shop/web?namespace=shop');
  });

  it('opens the any-resource object page for other kinds, custom ones included', () => {
    expect(eventObjectHref('c', served, { kind: 'Service', name: 'web', namespace: 'shop', apiVersion: 'v1' })).toBe('/c/c/r/core/v1/services/shop/web?namespace=shop');
    expect(eventObjectHref('c', served, { kind: 'Certificate', name: 'tls', namespace: 'shop', apiVersion: 'cert-manager.io/v1' })).toBe(
      '/c/c/r/cert-manager.io/v1/certificates/shop/tls?namespace=shop',
    );
  });

  it('links nothing for a kind discovery does not name, or one of the same kind in another group', () => {
    expect(eventObjectHref('c', served, { kind: 'Widget', name: 'w', namespace: 'shop', apiVersion: 'example.com/v1' })).toBeUndefined();
    expect(eventObjectHref('c', served, { kind: 'Pod', name: 'p', namespace: 'shop', apiVersion: 'example.com/v1' })).toBeUndefined();
  });
});
