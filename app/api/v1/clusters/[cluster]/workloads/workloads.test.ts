import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as workloadsRoute } from './route';
import { GET as workloadRoute } from '../namespaces/[namespace]/[kind]/[name]/route';

describe('workloads against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
  }, 60_000);
  afterAll(async () => t?.close());
  const list = async (user: 'admin' | 'dev', query: string) => {
    const response = await workloadsRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/workloads${query}`), params({ cluster: CLUSTER }));
    return { status: response.status, body: await response.json() };
  };
  const one = async (user: 'admin' | 'dev', namespace: string, kind: string, name: string) => {
    const response = await workloadRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/namespaces/${namespace}/${kind}/${name}`), params({ cluster: CLUSTER, namespace, kind, name }));
    return { status: response.status, body: await response.json() };
  };

  it('lists each kind with the columns kubectl shows', async () => {
    const { status, body } = await list('admin', '?namespace=eks-work');
    expect(status).toBe(200);
    const deployments = body.Deployment.data.map((d: Record<string, unknown>) => [d.name, d.ready, d.upToDate, d.available]);
    expect(deployments).toEqual([
      ['backend-app', '7/7', 7, 7],
      ['backend-app-canary', '0/1', 1, 0],
      ['batch-analytics', '0/1', 1, 0],
      ['dedicated-worker', '0/1', 1, 0],
      ['frontend-web', '0/1', 1, 0],
    ]);
    expect(body.Deployment.data[0]).toMatchObject({
      selector: 'app=backend-app,track=stable',
      images: ['566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:1.4.2'],
      strategy: 'RollingUpdate (maxSurge 25%, maxUnavailable 25%)',
      // The scenario's backend-app is not paused (sandbox/world/scenario.ts sets no spec.paused).
      paused: false,
    });
    expect(body.StatefulSet.data.map((s: Record<string, unknown>) => [s.name, s.ready, s.images])).toEqual([['postgres', '1/1', ['postgres:16']]]);
    expect(body.DaemonSet).toEqual({ data: [] });
    const pingpong = body.Job.data.find((j: { name: string }) => j.name === 'pingpong');
    expect(pingpong).toMatchObject({ status: 'Complete', completions: '3/1 of 3', failed: 0, duration: '12s' });
    const report = body.Job.data.find((j: { name: string }) => j.name === 'report-generator-manual-8xk2q');
    expect(report).toMatchObject({ status: 'Failed', completions: '0/1', failed: 3 });
    expect(body.CronJob.data.map((c: Record<string, unknown>) => [c.name, c.schedule, c.suspend, c.timeZone])).toEqual([
      ['pingpong', '*/1 * * * *', false, '<none>'],
      ['report-generator', '*/30 * * * *', false, '<none>'],
    ]);
  });

  it('lists the PodDisruptionBudget of backend-app with the columns of kubectl get pdb, the unready canary pod counted as expected', async () => {
    const { body } = await list('admin', '?namespace=eks-work');
    expect(body.PodDisruptionBudget.data.map(({ uid: _uid, createdAt: _createdAt, ...pdb }: Record<string, unknown>) => pdb)).toEqual([
      {
        name: 'pdb-backend-app',
        namespace: 'eks-work',
        minAvailable: 'N/A',
        maxUnavailable: '1',
        allowedDisruptions: 0,
        currentHealthy: 7,
        desiredHealthy: 7,
        expectedPods: 8,
        selector: 'app=backend-app',
      },
    ]);
  });

  it('lists all namespaces for dev from rbac-test-ns alone, saying eks-work was left out', async () => {
    const all = await list('dev', '');
    expect(all.status).toBe(200);
    expect(all.body.Deployment.data.map((d: Record<string, unknown>) => [d.namespace, d.name, d.ready])).toEqual([['rbac-test-ns', 'sample-app', '1/1']]);
    expect(all.body.CronJob).toEqual({ data: [] });
    expect(all.body.PodDisruptionBudget).toEqual({ data: [] });
    expect(all.body.omitted).toEqual([{ name: 'eks-work', reason: 'cannot list pods in namespace "eks-work"' }]);
    const own = await list('dev', '?namespace=rbac-test-ns');
    expect(own.body.Deployment.data.map((d: Record<string, unknown>) => [d.name, d.ready])).toEqual([['sample-app', '1/1']]);
    expect(own.body.omitted).toBeUndefined();
  });

  it("gives one namespace a kind may not be listed in as that kind's 403", async () => {
    const denied = await list('dev', '?namespace=eks-work');
    expect(denied.status).toBe(200);
    expect(denied.body.Deployment.error).toMatchObject({
      kind: 'Status',
      message: 'deployments.apps is forbidden: User "dev" cannot list resource "deployments" in API group "apps" in the namespace "eks-work"',
      status: { code: 403 },
    });
    expect(denied.body.PodDisruptionBudget.error.message).toBe(
      'poddisruptionbudgets.policy is forbidden: User "dev" cannot list resource "poddisruptionbudgets" in API group "policy" in the namespace "eks-work"',
    );
    expect(denied.body.CronJob.error.message).toBe('cronjobs.batch is forbidden: User "dev" cannot list resource "cronjobs" in API group "batch" in the namespace "eks-work"');
  });

  it('shows a Deployment with its rollout status, pods, ReplicaSet history and events', async () => {
    const { status, body } = await one('admin', 'eks-work', 'deployments', 'backend-app');
    expect(status).toBe(200);
    expect(body.rollout).toEqual({ message: 'deployment "backend-app" successfully rolled out', done: true });
    expect(body.pods.data).toHaveLength(7);
    expect(body.pods.data.every((p: { status: string; ownerKind: string }) => p.status === 'Running' && p.ownerKind === 'ReplicaSet')).toBe(true);
    expect(body.children.data.map((r: Record<string, unknown>) => [r.kind, r.revision, r.images])).toEqual([
      ['ReplicaSet', '1', ['566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:1.4.2']],
    ]);
    expect(body.events.data.map((e: { reason: string }) => e.reason)).toContain('ScalingReplicaSet');
  });

  it('shows a CronJob with its Jobs and their pods, and a StatefulSet rollout', async () => {
    const cron = (await one('admin', 'eks-work', 'cronjobs', 'pingpong')).body;
    expect(cron.children.data.length).toBeGreaterThan(0);
    expect(cron.children.data.every((j: { kind: string; status: string }) => j.kind === 'Job' && j.status === 'Complete')).toBe(true);
    expect(cron.pods.data.length).toBe(cron.children.data.length);
    const sts = (await one('admin', 'eks-work', 'statefulsets', 'postgres')).body;
    expect(sts.rollout.done).toBe(true);
    expect(sts.rollout.message).toMatch(/^statefulset rolling update complete 1 pods at revision postgres-[a-z0-9]+\.\.\.$/);
    expect(sts.pods.data.map((p: { name: string }) => p.name)).toEqual(['postgres-0']);
  });

  it('answers an unknown kind with NotFound and a forbidden one with the API server 403', async () => {
    const unknown = await one('admin', 'eks-work', 'widgets', 'x');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ kind: 'NotFound', message: '"widgets" is not a workload kind: use one of deployments, statefulsets, daemonsets, replicasets, jobs, cronjobs' });
    const denied = await one('dev', 'eks-work', 'deployments', 'backend-app');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('deployments.apps "backend-app" is forbidden: User "dev" cannot get resource "deployments" in API group "apps" in the namespace "eks-work"');
  });
});
