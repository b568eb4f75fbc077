import { describe, expect, it } from 'vitest';
import { validateQuery } from '@/lib/logs-insights';
import { logsInsightsHref, selectorFilter, targetQuery } from './links';
import { relativeRange } from './time-range';

describe('Logs Insights links', () => {
  it('filters a pod by namespace and name', () => {
    expect(targetQuery({ namespace: 'eks-work', pod: 'backend-app-1' })).toBe(
      'fields @timestamp, kubernetes.pod_name, log\n| filter kubernetes.namespace_name = "eks-work" and kubernetes.pod_name = "backend-app-1"\n| sort @timestamp desc\n| limit 1000',
    );
  });

  it('turns a Deployment’s equality selector into label filters, backquoting keys with slashes', () => {
    expect(selectorFilter('app=backend-app,track=stable')).toBe('kubernetes.labels.app = "backend-app" and kubernetes.labels.track = "stable"');
    expect(selectorFilter('app.kubernetes.io/name=web')).toBe('`kubernetes.labels.app.kubernetes.io/name` = "web"');
    expect(selectorFilter('tier in (a,b)')).toBeNull();
  });

  it('makes queries that compile', () => {
    for (const target of [{ namespace: 'eks-work' }, { namespace: 'eks-work', labelSelector: 'app.kubernetes.io/name=web,track=stable' }, { namespace: 'x', pod: 'p' }]) {
      expect(validateQuery(targetQuery(target))).toEqual({ ok: true, warnings: [] });
    }
  });

  it('opens the Logs page with the query, namespace and selector', () => {
    const href = logsInsightsHref('eks-work-cluster', { namespace: 'eks-work', labelSelector: 'app=backend-app' });
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/c/eks-work-cluster/logs');
    expect(url.searchParams.get('namespace')).toBe('eks-work');
    expect(url.searchParams.get('selector')).toBe('app=backend-app');
    expect(url.searchParams.get('q')).toContain('kubernetes.labels.app = "backend-app"');
  });

  it('opens the Logs page from a namespace page on that namespace’s records alone, with no selector', () => {
    const url = new URL(logsInsightsHref('eks-work-cluster', { namespace: 'rbac-test-ns' }), 'http://x');
    expect(url.pathname).toBe('/c/eks-work-cluster/logs');
    expect([...url.searchParams.keys()]).toEqual(['q', 'namespace']);
    expect(url.searchParams.get('namespace')).toBe('rbac-test-ns');
    expect(url.searchParams.get('q')).toBe('fields @timestamp, kubernetes.pod_name, log\n| filter kubernetes.namespace_name = "rbac-test-ns"\n| sort @timestamp desc\n| limit 1000');
  });
});

describe('relativeRange', () => {
  it("reads a link's range as minutes, and nothing else", () => {
    expect(relativeRange('1h')).toEqual({ kind: 'relative', minutes: 60 });
    expect(relativeRange('15m')).toEqual({ kind: 'relative', minutes: 15 });
    expect(relativeRange('3d')).toEqual({ kind: 'relative', minutes: 4320 });
    expect(relativeRange('1w')).toEqual({ kind: 'relative', minutes: 10080 });
    expect(relativeRange('0h')).toBeUndefined();
    expect(relativeRange('1y')).toBeUndefined();
    expect(relativeRange('1h; drop')).toBeUndefined();
    expect(relativeRange(null)).toBeUndefined();
  });
});
