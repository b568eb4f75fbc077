import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as overviewRoute } from './route';

/** A pod's name without the ReplicaSet hash and random suffix the sandbox's seed gives it. */
const base = (kind: string, name: string) => (kind === 'Pod' ? name.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '') : name);

describe('overview against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
  }, 60_000);
  afterAll(async () => t?.close());
  const get = async (user: 'admin' | 'dev', namespace: string) => {
    const response = await overviewRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/overview?namespace=${namespace}`), params({ cluster: CLUSTER }));
    return { status: response.status, body: await response.json() };
  };

  it('shows the ten latest Warning events of eks-work newest first: FailedScheduling, BackOff and image pull failures', async () => {
    const { status, body } = await get('admin', 'eks-work');
    expect(status).toBe(200);
    const rows = body.warnings.data.map((e: { lastSeen: string; reason: string; kind: string; name: string; count: number }) => [e.lastSeen, e.reason, e.kind, base(e.kind, e.name), e.count]);
    // Each Pending pod's count includes the retry the scheduler makes when postgres's claim is bound.
    expect(rows).toEqual([
      ['2026-01-01T00:07:11Z', 'FailedScheduling', 'Pod', 'batch-analytics', 13],
      ['2026-01-01T00:07:11Z', 'FailedScheduling', 'Pod', 'dedicated-worker', 13],
      ['2026-01-01T00:06:04Z', 'BackOff', 'Pod', 'backend-app-canary', 6],
      ['2026-01-01T00:05:18Z', 'Failed', 'Pod', 'frontend-web', 6],
      ['2026-01-01T00:05:17Z', 'Failed', 'Pod', 'frontend-web', 6],
      ['2026-01-01T00:05:17Z', 'Failed', 'Pod', 'frontend-web', 6],
      ['2026-01-01T00:00:47Z', 'BackoffLimitExceeded', 'Job', 'report-generator-manual-8xk2q', 1],
      ['2026-01-01T00:00:30Z', 'FailedGetResourceMetric', 'HorizontalPodAutoscaler', 'backend-app', 1],
      ['2026-01-01T00:00:30Z', 'FailedComputeMetricsReplicas', 'HorizontalPodAutoscaler', 'backend-app', 1],
      ['2026-01-01T00:00:15Z', 'FailedGetResourceMetric', 'HorizontalPodAutoscaler', 'backend-app', 1],
    ]);
    expect(body.warnings.data[3].message).toBe('Error: ImagePullBackOff');
    expect(body.warnings.data[0].message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: true}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
  });

  it('shows an empty warnings section for a namespace without Warning events', async () => {
    expect((await get('admin', 'rbac-test-ns')).body.warnings).toEqual({ data: [] });
  });

  it("gives dev the 403 on events in eks-work as the warnings section's error only", async () => {
    const { status, body } = await get('dev', 'eks-work');
    expect(status).toBe(200);
    expect(body.warnings.error).toMatchObject({
      kind: 'Status',
      message: 'events is forbidden: User "dev" cannot list resource "events" in API group "" in the namespace "eks-work"',
      status: { code: 403, reason: 'Forbidden' },
    });
    expect(body.version.data.gitVersion).toMatch(/^v1\.32\./);
  });
});
