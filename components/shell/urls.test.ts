import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '@/lib/same-origin';
import { clusterHref, signInHref } from './urls';
import { endsSession } from './use-session-expired';

describe('clusterHref', () => {
  it('puts the cluster in the path and the namespace in the query', () => {
    expect(clusterHref('eks-work-cluster', '', 'rbac-test-ns')).toBe('/c/eks-work-cluster?namespace=rbac-test-ns');
    expect(clusterHref('arn:aws:eks:eu-west-1:1:cluster/a', 'pods')).toBe('/c/arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fa/pods');
  });
});

describe('signInHref', () => {
  const ORIGIN = 'http://console.test:3000';
  const nextOf = (href: string) => new URL(href, ORIGIN).searchParams.get('next');

  it('returns to the same page and query after signing in, as the sign-in page reads `next`', () => {
    const href = signInHref('/c/eks-work-cluster/pods', 'namespace=eks-work&selector=app%3Dweb%2Ctier!%3Ddb');
    expect(href).toBe('/sign-in?next=%2Fc%2Feks-work-cluster%2Fpods%3Fnamespace%3Deks-work%26selector%3Dapp%253Dweb%252Ctier!%253Ddb');
    expect(sameOriginPath(nextOf(href), ORIGIN)).toBe('/c/eks-work-cluster/pods?namespace=eks-work&selector=app%3Dweb%2Ctier!%3Ddb');
    expect(nextOf(signInHref('/c/gone', ''))).toBe('/c/gone');
  });

  it('never leads off-site, whatever `next` an attacker puts in a sign-in link', () => {
    for (const next of ['//evil.example', 'https://evil.example/c/gone', '/\\evil.example']) {
      expect(sameOriginPath(next, ORIGIN)).toBe('/');
    }
  });
});

describe('endsSession', () => {
  it('sends to sign-in on a 401 only where the console signs users in; an ended session everywhere', () => {
    expect(endsSession('Unauthorized', true)).toBe(true);
    expect(endsSession('Unauthorized', false)).toBe(false);
    expect(endsSession('SessionExpired', false)).toBe(true);
    expect(endsSession('SignInRequired', true)).toBe(true);
    expect(endsSession('ClusterUnreachable', true)).toBe(false);
    expect(endsSession('Status', true)).toBe(false);
  });
});
