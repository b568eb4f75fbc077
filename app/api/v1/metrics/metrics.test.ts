import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as dataRoute } from './data/route';

const BACKEND_CPU = ['ContainerInsights', 'pod_cpu_utilization', 'ClusterName', CLUSTER, 'Namespace', 'eks-work', 'PodName', 'backend-app'];
const SAMPLE_CPU = ['ContainerInsights', 'pod_cpu_utilization', 'ClusterName', CLUSTER, 'Namespace', 'rbac-test-ns', 'PodName', 'sample-app'];
const ERRORS = ['EKS/eks-work-cluster', 'ApplicationErrorCount', { stat: 'Sum', label: 'errors' }];

describe('metric widget data against the sandbox', () => {
  let t: SandboxConsole;
  let end: number;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 10 * 60_000 });
    end = Math.floor(t.sandbox.world.now().getTime() / 1000);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const data = async (user: SandboxUserName, query: unknown, cluster = CLUSTER) => {
    const url = `/api/v1/metrics/data?cluster=${encodeURIComponent(cluster)}&query=${encodeURIComponent(typeof query === 'string' ? query : JSON.stringify(query))}`;
    const response = await dataRoute(t.request(user, url), params({}));
    return { status: response.status, body: await response.json() };
  };
  const query = (metrics: unknown[]) => ({ metrics, stat: 'Average', period: 60, startTime: end - 540, endTime: end });

  it('gives admin one datapoint a minute over the last 9 minutes of backend-app CPU and the error count, labelled', async () => {
    const { status, body } = await data('admin', query([BACKEND_CPU, ERRORS]));
    expect(status).toBe(200);
    expect(body.series.map((s: { id: string; label: string; period: number; points: unknown[] }) => [s.id, s.label, s.period, s.points.length])).toEqual([
      ['m1', `pod_cpu_utilization ${CLUSTER} eks-work backend-app`, 60, 9],
      ['m2', 'errors', 60, 9],
    ]);
    const cpu = body.series[0].points as { t: number; v: number }[];
    expect(cpu.every((p) => p.v > 0 && p.v < 100)).toBe(true);
    expect(cpu.map((p) => p.t)).toEqual(Array.from({ length: 9 }, (_, i) => (end - 540 + 60 * i) * 1000));
  });

  it('refuses dev an eks-work metric with a 403 naming the permission, and returns nothing of it', async () => {
    const { status, body } = await data('dev', query([BACKEND_CPU]));
    expect(status).toBe(403);
    expect(body.error).toEqual({ kind: 'Forbidden', message: `pod_cpu_utilization ${CLUSTER} eks-work backend-app: you may not see this metric: it needs get pods in namespace eks-work` });
  });

  it('gives dev the rbac-test-ns metric and refuses the eks-work and log-derived ones beside it', async () => {
    const { status, body } = await data('dev', query([SAMPLE_CPU, BACKEND_CPU, ERRORS]));
    expect(status).toBe(200);
    expect(body.series[0].points).toHaveLength(9);
    expect(body.series.slice(1)).toEqual([
      { id: 'm2', label: `pod_cpu_utilization ${CLUSTER} eks-work backend-app`, refused: { kind: 'Forbidden', reason: 'you may not see this metric: it needs get pods in namespace eks-work' } },
      { id: 'm3', label: 'errors', refused: { kind: 'Forbidden', reason: 'you may not see this metric: it needs get pods/log in every namespace' } },
    ]);
  });

  it('refuses a metric about another cluster and one in another region', async () => {
    const other = ['ContainerInsights', 'node_cpu_utilization', 'ClusterName', 'other-cluster'];
    const elsewhere = ['ContainerInsights', 'cluster_node_count', 'ClusterName', CLUSTER, { region: 'us-east-1' }];
    const { status, body } = await data('admin', query([other, elsewhere]));
    expect(status).toBe(200);
    expect(body.series).toEqual([
      { id: 'm1', label: 'node_cpu_utilization other-cluster', refused: { kind: 'Forbidden', reason: `this metric is about cluster other-cluster, not ${CLUSTER}` } },
      { id: 'm2', label: `cluster_node_count ${CLUSTER}`, refused: { kind: 'Unsupported', reason: 'this metric is in us-east-1; Watchdeck reads CloudWatch in ap-northeast-2 only' } },
    ]);
  });

  it('answers malformed input with 400 and the reason', async () => {
    expect((await data('admin', 'not json')).body.error).toEqual({ kind: 'BadRequest', message: 'invalid query: the query parameter is a JSON object' });
    expect((await data('admin', query([['.', 'x']]))).body.error).toEqual({
      kind: 'BadRequest',
      message: 'invalid query: metrics[0]: "." at position 0 repeats nothing: the metric before has no value there',
    });
    const backwards = await data('admin', { metrics: [BACKEND_CPU], startTime: end, endTime: end - 60 });
    expect([backwards.status, backwards.body.error.message]).toEqual([400, 'invalid query: startTime must be before endTime']);
  });
});
