import { describe, expect, it } from 'vitest';
import { nodeHref, podHref, workloadHref } from './links';

describe('page links', () => {
  it('put the namespace in the path and in the query, so the shell keeps it', () => {
    expect(podHref('eks-work-cluster', 'eks-work', 'backend-app-854b86b8f8-dxz9l')).toBe('/c/eks-work-cluster/pods/eks-work/backend-app-854b86b8f8-dxz9l?namespace=eks-work');
    expect(workloadHref('eks-work-cluster', 'eks-work', 'CronJob', 'report-generator')).toBe('/c/eks-work-cluster/workloads/eks-work/cronjobs/report-generator?namespace=eks-work');
  });

  it('encode an EKS context ARN as one path segment', () => {
    expect(nodeHref('arn:aws:eks:eu-west-1:1:cluster/a', 'ip-10-0-1-5.ec2.internal')).toBe('/c/arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fa/nodes/ip-10-0-1-5.ec2.internal');
  });
});
