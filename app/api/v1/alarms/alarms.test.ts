import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as insightsRoute } from '../clusters/[cluster]/signals/metrics/route';
import { GET as signalsRoute } from '../clusters/[cluster]/signals/route';
import { POST as ackRoute } from './[name]/acknowledgements/route';
import { GET as alarmRoute } from './[name]/route';
import { GET as alarmsRoute } from './route';

/** A pod's name without the ReplicaSet hash and random suffix. */
const base = (name: string) => name.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '');

describe('alarms and signals against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
    // Ages and sparkline windows are computed against the sandbox's manual clock.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t.sandbox.world.now());
  }, 60_000);
  afterAll(async () => {
    vi.useRealTimers();
    await t?.close();
  });

  const list = async (user: SandboxUserName) => {
    const response = await alarmsRoute(t.request(user, `/api/v1/alarms?cluster=${CLUSTER}`), params({}));
    return { status: response.status, body: await response.json() };
  };
  const detail = async (user: SandboxUserName, name: string, query = '') => {
    const response = await alarmRoute(t.request(user, `/api/v1/alarms/${encodeURIComponent(name)}?cluster=${CLUSTER}${query}`), params({ name }));
    return { status: response.status, body: await response.json() };
  };
  const ack = async (user: SandboxUserName, name: string, body: unknown) => {
    const request = new Request(`http://console.test:3000/api/v1/alarms/${encodeURIComponent(name)}/acknowledgements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token(user)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const response = await ackRoute(request, params({ name }));
    return { status: response.status, body: await response.json() };
  };

  it('shows oncall the error alarm firing first with its sparkline and the log lines link, and says the node alarms are hidden', async () => {
    const { status, body } = await list('oncall');
    expect(status).toBe(200);
    expect(body.alarms.map((a: { name: string; state: string }) => [a.name, a.state])).toEqual([
      ['backend-app-error-count', 'ALARM'],
      ['rbac-test-ns-sample-app-memory', 'OK'],
      ['eks-work-backend-app-cpu', 'OK'],
    ]);
    const error = body.alarms[0];
    expect(error).toMatchObject({
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 10,
      datapointsToAlarm: 1,
      actionsEnabled: true,
      since: '2026-01-01T00:01:00.000Z',
    });
    expect(error.metric).toEqual({ namespace: 'EKS/eks-work-cluster', metricName: 'ApplicationErrorCount', dimensions: {} });
    expect(error.stateReason).toMatch(
      /^Threshold Crossed: 1 out of the last 10 datapoints \[\d+\.0 \(01\/01\/26 00:00:00\)\] was greater than or equal to the threshold \(1\.0\) \(minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition\)\.$/,
    );
    const logs = error.links.find((l: { label: string }) => l.label === 'Log lines matching ERROR');
    const url = new URL(logs.href, 'http://x');
    expect([url.pathname, url.searchParams.get('groups'), url.searchParams.get('range')]).toEqual(['/c/eks-work-cluster/logs', '/aws/containerinsights/eks-work-cluster/application', '1h']);
    expect(url.searchParams.get('query')).toBe('fields @timestamp, kubernetes.namespace_name, kubernetes.pod_name, log\n| filter @message like /ERROR/\n| sort @timestamp desc\n| limit 200');
    const spark = body.sparklines['backend-app-error-count'];
    // Half an hour either side of the transition at 00:01, up to now.
    expect([spark.start, spark.end, spark.period]).toEqual(['2025-12-31T23:31:00.000Z', '2026-01-01T00:08:00.000Z', 60]);
    expect(spark.points.length).toBeGreaterThanOrEqual(7);
    expect(spark.points[0].t).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(spark.points[0].v).toBeGreaterThanOrEqual(1);
    // The permission that would show them, as the Forbidden panel's grant takes it.
    expect(body.hidden).toEqual([
      {
        count: 3,
        requires: 'list nodes',
        reason: '3 alarms about the cluster or its nodes: shown to those who may list nodes',
        permission: { verb: 'list', resource: 'nodes', subresource: '', group: '', namespace: '' },
      },
    ]);
  });

  it("shows dev none of eks-work's alarms, only rbac-test-ns's, naming what was hidden and why", async () => {
    const { body } = await list('dev');
    expect(body.alarms.map((a: { name: string }) => a.name)).toEqual(['rbac-test-ns-sample-app-memory']);
    expect(body.hidden).toEqual([
      {
        count: 2,
        requires: 'get pods/log in every namespace',
        reason: "2 alarms on metrics of every namespace's logs: shown to those who may read pod logs in every namespace",
        permission: { verb: 'get', resource: 'pods', subresource: 'log', group: '', namespace: '' },
      },
      {
        count: 1,
        requires: 'get pods in namespace eks-work',
        reason: '1 alarm about namespace eks-work: shown to those who may get pods there',
        permission: { verb: 'get', resource: 'pods', subresource: '', group: '', namespace: 'eks-work' },
      },
      {
        count: 2,
        requires: 'list nodes',
        reason: '2 alarms about the cluster or its nodes: shown to those who may list nodes',
        permission: { verb: 'list', resource: 'nodes', subresource: '', group: '', namespace: '' },
      },
    ]);
    const refused = await detail('dev', 'backend-app-error-count');
    expect(refused.status).toBe(404);
    expect(refused.body.error).toEqual({ kind: 'NotFound', message: 'alarm "backend-app-error-count" does not exist, or is not shown to you' });
  });

  it("gives a composite alarm's page its children, history and metric-less body", async () => {
    const { status, body } = await detail('admin', 'eks-work-cluster-page-oncall');
    expect(status).toBe(200);
    expect(body.alarm).toMatchObject({ type: 'CompositeAlarm', state: 'ALARM', rule: 'ALARM("backend-app-error-count") OR ALARM("eks-work-cluster-node-cpu-high")' });
    expect(body.children.map((c: { name: string; state: string }) => [c.name, c.state])).toEqual([
      ['backend-app-error-count', 'ALARM'],
      ['eks-work-cluster-node-cpu-high', 'OK'],
    ]);
    expect(body.metricData).toBeUndefined();
    expect(body.history.map((h: { type: string; summary: string }) => [h.type, h.summary])).toEqual([
      [
        'Action',
        'Failed to execute action arn:aws:sns:ap-northeast-2:123456789012:eks-work-oncall. Received error: "Resource: arn:aws:sns:ap-northeast-2:123456789012:eks-work-oncall does not exist"',
      ],
      ['StateUpdate', 'Alarm updated from OK to ALARM'],
      [
        'Action',
        'Failed to execute action arn:aws:sns:ap-northeast-2:123456789012:eks-work-oncall. Received error: "Resource: arn:aws:sns:ap-northeast-2:123456789012:eks-work-oncall does not exist"',
      ],
      // Its first evaluation found neither child in ALARM.
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to OK'],
      ['ConfigurationUpdate', 'Alarm "eks-work-cluster-page-oncall" created'],
    ]);
  });

  it("gives a metric alarm's page its metric over the chosen range and its parents", async () => {
    const { body } = await detail('admin', 'backend-app-error-count', '&start=2026-01-01T00:00:00Z&end=2026-01-01T00:06:00Z');
    expect(body.metricData).toMatchObject({ start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:06:00.000Z', period: 60 });
    expect(body.metricData.series[0].points.map((p: { t: number }) => new Date(p.t).toISOString().slice(11, 16))).toEqual(['00:00', '00:01', '00:02', '00:03', '00:04', '00:05']);
    expect(body.parents.map((p: { name: string }) => p.name)).toEqual(['eks-work-cluster-page-oncall']);
    const bad = await detail('admin', 'backend-app-error-count', '&range=2w');
    expect([bad.status, bad.body.error.message]).toEqual([400, 'invalid range: a number and m, h or d, e.g. 3h']);
    const missing = await detail('admin', 'no-such-alarm');
    expect([missing.status, missing.body.error.message]).toEqual([404, 'alarm "no-such-alarm" does not exist, or is not shown to you']);
  });

  it('keeps an acknowledgement of the current firing, shown to everyone who sees the alarm; refuses dev and OK alarms', async () => {
    const made = await ack('oncall', 'backend-app-error-count', { note: 'canary rollout, rolling back', cluster: CLUSTER });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ by: 'oncall', note: 'canary rollout, rolling back', stateValue: 'ALARM', stateTransitionedAt: '2026-01-01T00:01:00.000Z' });
    const seen = (await list('admin')).body.alarms.find((a: { name: string }) => a.name === 'backend-app-error-count');
    expect(seen.acknowledgements.map((a: { by: string; note: string }) => [a.by, a.note])).toEqual([['oncall', 'canary rollout, rolling back']]);
    expect((await ack('dev', 'backend-app-error-count', { note: 'x' })).status).toBe(404);
    const ok = await ack('oncall', 'eks-work-backend-app-cpu', { note: '' });
    expect([ok.status, ok.body.error.message]).toEqual([409, 'alarm "eks-work-backend-app-cpu" is OK: only a firing or INSUFFICIENT_DATA alarm can be acknowledged']);
    const long = await ack('oncall', 'backend-app-error-count', { note: 'x'.repeat(2001) });
    expect([long.status, long.body.error.message]).toEqual([400, 'invalid request body: note: a note has at most 2000 characters']);
  });

  it('lists the cluster signals oncall may see: the bad image, OOMKilled Job pods, the failed Job, the crashing canary, pods the scheduler calls Unschedulable, their Warning bursts', async () => {
    const response = await signalsRoute(t.request('oncall', `/api/v1/clusters/${CLUSTER}/signals`), params({ cluster: CLUSTER }));
    const body = await response.json();
    expect(body.signals.map((s: { kind: string; object: { kind: string; name: string } }) => [s.kind, s.object.kind, base(s.object.name)])).toEqual([
      ['ImagePullBackOff', 'Pod', 'frontend-web'],
      ['OOMKilled', 'Pod', 'report-generator-manual-8xk2q-js24c'],
      ['OOMKilled', 'Pod', 'report-generator-manual-8xk2q-zcj5v'],
      ['JobFailing', 'Job', 'report-generator-manual-8xk2q'],
      ['OOMKilled', 'Pod', 'report-generator-manual-8xk2q-wglq6'],
      ['CrashLoopBackOff', 'Pod', 'backend-app-canary'],
      ['Unschedulable', 'Pod', 'batch-analytics'],
      ['Unschedulable', 'Pod', 'dedicated-worker'],
      ['WarningEventBurst', 'Pod', 'frontend-web'],
      ['WarningEventBurst', 'Pod', 'batch-analytics'],
      ['WarningEventBurst', 'Pod', 'dedicated-worker'],
    ]);
    const crash = body.signals[5];
    expect(crash.message).toBe('container backend-app restarted 6 times, last exit code 1 (Error)');
    expect(crash.links.object).toBe(`/c/eks-work-cluster/pods/eks-work/${crash.object.name}?namespace=eks-work`);
    const logs = new URL(crash.links.logs, 'http://x').searchParams;
    expect(logs.get('query')).toBe(
      `fields @timestamp, kubernetes.container_name, log\n| filter kubernetes.namespace_name = "eks-work" and kubernetes.pod_name = "${crash.object.name}"\n| sort @timestamp desc\n| limit 200`,
    );
    // Signalled since the scheduler first called it Unschedulable, with its words (the default scheduler's fit error: one tainted node, three m5.large short of 3 CPU).
    expect([body.signals[6].title, body.signals[6].message]).toEqual([
      `${body.signals[6].object.name} cannot be scheduled`,
      '0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: true}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    ]);
    // One attempt more than the clock alone gives: binding postgres's claim is a cluster change the sandbox's scheduler retries Pending pods on.
    expect(body.signals[9].message).toBe('FailedScheduling ×13');
    expect(body.sources.find((s: { resource: string }) => s.resource === 'nodes').omitted).toEqual([
      { reason: 'nodes is forbidden: User "oncall" cannot list resource "nodes" in API group "" at the cluster scope' },
    ]);
  });

  it('gives dev no signal from eks-work and names each source it could not read there', async () => {
    const response = await signalsRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/signals`), params({ cluster: CLUSTER }));
    const body = await response.json();
    expect(body.signals).toEqual([]);
    expect(body.sources.find((s: { resource: string }) => s.resource === 'pods').omitted).toEqual([
      { namespace: 'eks-work', reason: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"' },
    ]);
  });

  it("charts Container Insights: cluster and node charts for who may list nodes, a namespace's workloads for who may get pods there", async () => {
    const range = '&start=2026-01-01T00:00:00Z&end=2026-01-01T00:08:00Z';
    const admin = await (await insightsRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/signals/metrics?namespace=eks-work${range}`), params({ cluster: CLUSTER }))).json();
    expect(admin.charts.map((c: { id: string }) => c.id)).toEqual(['cluster-cpu', 'cluster-memory', 'cluster-nodes', 'node-cpu', 'pod-cpu', 'pod-memory']);
    expect(admin.charts[2].series.map((s: { label: string; points: { v: number }[] }) => [s.label, s.points.at(-1)?.v])).toEqual([
      ['nodes', 4],
      ['failed nodes', 0],
    ]);
    expect(admin.charts[4].series.map((s: { label: string }) => s.label)).toEqual(['backend-app', 'postgres']);
    expect(admin.hidden).toEqual([]);
    const dev = await (await insightsRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/signals/metrics?namespace=eks-work${range}`), params({ cluster: CLUSTER }))).json();
    expect(dev.charts).toEqual([]);
    expect(dev.hidden).toEqual([{ kind: 'cluster' }, { kind: 'pods', namespace: 'eks-work' }]);
  });
});
