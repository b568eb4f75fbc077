import { describe, expect, it } from 'vitest';
import { readPodsView } from '../pods/view';
import { pdbPodsHref } from './pdb-columns';

describe('pdbPodsHref', () => {
  it("opens the pods page in the budget's namespace filtered by its selector, which the pods page reads back", () => {
    const row = {
      name: 'pdb-backend-app',
      namespace: 'eks-work',
      uid: 'u',
      createdAt: '',
      minAvailable: 'N/A',
      maxUnavailable: '1',
      allowedDisruptions: 0,
      currentHealthy: 7,
      desiredHealthy: 7,
      expectedPods: 8,
      selector: 'app=backend-app,track in (stable)',
    };
    const href = pdbPodsHref('eks-work-cluster', row);
    expect(href).toBe('/c/eks-work-cluster/pods?namespace=eks-work&labelSelector=app%3Dbackend-app%2Ctrack+in+%28stable%29');
    const view = readPodsView(new URLSearchParams(href.split('?')[1]));
    expect([view.namespace, view.labelSelector]).toEqual(['eks-work', 'app=backend-app,track in (stable)']);
  });
});
