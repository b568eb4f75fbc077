import { describe, expect, it } from 'vitest';
import { clusterHref } from './urls';

describe('clusterHref', () => {
  it('puts the cluster in the path and the namespace in the query', () => {
    expect(clusterHref('eks-work-cluster', '', 'rbac-test-ns')).toBe('/c/eks-work-cluster?namespace=rbac-test-ns');
    expect(clusterHref('arn:aws:eks:eu-west-1:1:cluster/a', 'pods')).toBe('/c/arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fa/pods');
  });
});
