import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_COUNT_QUERY } from '@/lib/logs-insights/seed-queries';
import { callAs, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as exportRoute } from './[id]/export/route';
import { DELETE as deleteRoute, GET as getRoute, PUT as putRoute } from './[id]/route';
import { POST as duplicateRoute } from './[id]/duplicate/route';
import { POST as publishRoute } from './[id]/publish/route';
import { GET as cloudWatchAccessRoute } from './cloudwatch/access/route';
import { GET as cloudWatchRoute } from './cloudwatch/route';
import { POST as restoreRoute } from './[id]/versions/[version]/restore/route';
import { GET as versionsRoute } from './[id]/versions/route';
import { POST as undeleteRoute } from './[id]/undelete/route';
import { POST as importRoute } from './import/route';
import { GET as listRoute, POST as createRoute } from './route';

const GROUP = '/aws/containerinsights/eks-work-cluster/application';
const body = {
  timeRange: { kind: 'relative', seconds: 3600 },
  variables: [{ name: 'namespace', default: 'eks-work' }],
  widgets: [
    { id: 'errors', type: 'log', x: 0, y: 0, width: 12, height: 6, title: 'ERROR_COUNT', logGroups: [GROUP], query: ERROR_COUNT_QUERY, view: 'bar', stacked: false },
    { id: 'pods', type: 'pod-states', x: 12, y: 0, width: 12, height: 6, title: 'backend-app', namespace: '{{namespace}}', labelSelector: 'app=backend-app' },
  ],
};

describe('dashboards console API against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (user: SandboxUserName, method: string, url: string, handler: (r: Request, c: never) => Promise<Response>, ctx: unknown, json?: unknown, headers: Record<string, string> = {}) =>
    callAs(t, user, method, url, handler, ctx, json, headers);
  const create = (user: SandboxUserName, input: unknown) => call(user, 'POST', '/api/v1/dashboards', createRoute, {}, input);

  it('creates a dashboard owned by the caller at version 1, with the version as ETag', async () => {
    const created = await create('oncall', { title: 'Backend at a glance', shared: true, body });
    expect([created.status, created.etag, created.body.owner, created.body.version, created.body.mine, created.body.body]).toEqual([201, '"1"', 'oncall', 1, true, body]);
    const got = await call('oncall', 'GET', `/api/v1/dashboards/${created.body.id}`, getRoute, params({ id: created.body.id }));
    expect([got.status, got.etag, got.body.title]).toEqual([200, '"1"', 'Backend at a glance']);
  });

  it('refuses a body outside the 24-column grid, saying where', async () => {
    const bad = await create('oncall', { title: 'x', body: { ...body, widgets: [{ ...body.widgets[0], x: 20, width: 6 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ kind: 'BadRequest', message: 'invalid request body: body.widgets.0.width: a widget ends within the 24-column grid (x + width ≤ 24)' });
  });

  it('a save needs If-Match; a stale one gets 409 with both versions; neither is written over', async () => {
    const { body: d } = await create('oncall', { title: 'Two tabs', body });
    const url = `/api/v1/dashboards/${d.id}`;
    const ctx = params({ id: d.id });
    const tabA = { title: 'Two tabs', shared: false, body: { ...body, widgets: [body.widgets[0]] } };
    const tabB = { title: 'Two tabs (B)', shared: false, body };
    const missing = await call('oncall', 'PUT', url, putRoute, ctx, tabA);
    expect([missing.status, missing.body.error.kind]).toEqual([428, 'PreconditionRequired']);
    const saved = await call('oncall', 'PUT', url, putRoute, ctx, tabA, { 'if-match': '"1"' });
    expect([saved.status, saved.etag, saved.body.version]).toEqual([200, '"2"', 2]);
    const stale = await call('oncall', 'PUT', url, putRoute, ctx, tabB, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.kind).toBe('Conflict');
    expect(stale.body.error.message).toBe('the dashboard changed since version 1: it is now at version 2; both versions are in this answer');
    expect([stale.body.error.conflict.current.version, stale.body.error.conflict.current.body]).toEqual([2, tabA.body]);
    expect(stale.body.error.conflict.yours).toEqual({ baseVersion: 1, ...tabB });
    const history = await call('oncall', 'GET', `${url}/versions`, versionsRoute, ctx);
    expect([history.body.items.map((v: { version: number }) => v.version), history.body.hidden]).toEqual([[2, 1], 0]);
    const restored = await call('oncall', 'POST', `${url}/versions/1/restore`, restoreRoute, params({ id: d.id, version: '1' }), undefined, { 'if-match': '"2"' });
    expect([restored.status, restored.body.version, restored.body.body]).toEqual([200, 3, body]);
  });

  it("dev views and duplicates oncall's shared dashboard but may not change it", async () => {
    const { body: d } = await create('oncall', { title: 'Shared', shared: true, body });
    const ctx = params({ id: d.id });
    const seen = await call('dev', 'GET', `/api/v1/dashboards/${d.id}`, getRoute, ctx);
    expect([seen.status, seen.body.mine]).toEqual([200, false]);
    const put = await call('dev', 'PUT', `/api/v1/dashboards/${d.id}`, putRoute, ctx, { title: 'mine now', shared: true, body }, { 'if-match': '"1"' });
    expect([put.status, put.body.error]).toEqual([403, { kind: 'Forbidden', message: 'only its owner oncall may edit dashboard "Shared"; duplicate it to change a copy of your own' }]);
    const del = await call('dev', 'DELETE', `/api/v1/dashboards/${d.id}`, deleteRoute, ctx);
    expect(del.status).toBe(403);
    const copy = await call('dev', 'POST', `/api/v1/dashboards/${d.id}/duplicate`, duplicateRoute, ctx, {});
    expect([copy.status, copy.body.owner, copy.body.title, copy.body.shared]).toEqual([201, 'dev', 'Copy of Shared', false]);
    const mine = await call('dev', 'GET', '/api/v1/dashboards?list=mine', listRoute, {});
    expect(mine.body.items.map((x: { title: string }) => x.title)).toEqual(['Copy of Shared']);
  });

  it('an unshared dashboard is not found for others', async () => {
    const { body: d } = await create('oncall', { title: 'Private', body });
    const got = await call('dev', 'GET', `/api/v1/dashboards/${d.id}`, getRoute, params({ id: d.id }));
    expect([got.status, got.body.error]).toEqual([404, { kind: 'NotFound', message: `dashboard ${d.id} not found` }]);
  });

  it('the owner deletes a dashboard and brings it back', async () => {
    const { body: d } = await create('admin', { title: 'Gone for now', body });
    const ctx = params({ id: d.id });
    expect((await call('admin', 'DELETE', `/api/v1/dashboards/${d.id}`, deleteRoute, ctx, undefined, { 'if-match': '"1"' })).status).toBe(200);
    const deleted = await call('admin', 'GET', '/api/v1/dashboards?list=deleted', listRoute, {});
    expect(deleted.body.items.map((x: { title: string }) => x.title)).toEqual(['Gone for now']);
    const back = await call('admin', 'POST', `/api/v1/dashboards/${d.id}/undelete`, undeleteRoute, ctx);
    expect([back.status, back.body.deletedAt]).toEqual([200, undefined]);
  });

  it('exports the CloudWatch body and imports it back as the same dashboard', async () => {
    const { body: d } = await create('oncall', { title: 'Round trip', body });
    const exported = await call('oncall', 'GET', `/api/v1/dashboards/${d.id}/export?cluster=eks-work-cluster`, exportRoute, params({ id: d.id }));
    expect(exported.body.body.widgets[0].properties.query).toBe(`SOURCE '${GROUP}' | ${ERROR_COUNT_QUERY}`);
    expect(exported.body.body.widgets[1].properties.markdown).toBe(
      '### backend-app\n\n[Pod states in Watchdeck](http://console.test:3000/c/eks-work-cluster/pods?namespace=%7B%7Bnamespace%7D%7D&labelSelector=app%3Dbackend-app)',
    );
    const imported = await call('oncall', 'POST', '/api/v1/dashboards/import', importRoute, {}, { title: 'Imported', body: JSON.stringify(exported.body.body) });
    expect(imported.status).toBe(201);
    expect(imported.body.skipped).toEqual([]);
    // The log widget had no region of its own: the body carries the console's, as CloudWatch requires one.
    expect(exported.body.body.widgets[0].properties.region).toBe('ap-northeast-2');
    expect(imported.body.dashboard.body).toEqual({
      ...body,
      widgets: [
        { ...body.widgets[0], id: 'w1', region: 'ap-northeast-2' },
        { ...body.widgets[1], id: 'w2' },
      ],
    });
  });

  it('publishes to CloudWatch by name (PutDashboard) and imports it back by name (GetDashboard)', async () => {
    // admin may update configmaps in amazon-cloudwatch (the default publishing permission); oncall may read pod logs everywhere.
    const { body: d } = await create('admin', { title: 'Published', body });
    const published = await call('admin', 'POST', `/api/v1/dashboards/${d.id}/publish`, publishRoute, params({ id: d.id }), { name: 'backend-app-at-a-glance', cluster: 'eks-work-cluster' });
    expect([published.status, published.body]).toEqual([200, { name: 'backend-app-at-a-glance', validationMessages: [], omitted: [], omittedSays: [] }]);
    const listed = await call('oncall', 'GET', '/api/v1/dashboards/cloudwatch?cluster=eks-work-cluster', cloudWatchRoute, {});
    expect(listed.body.items.map((i: { name: string }) => i.name)).toContain('backend-app-at-a-glance');
    const imported = await call('oncall', 'POST', '/api/v1/dashboards/import', importRoute, {}, { cloudWatchName: 'backend-app-at-a-glance', cluster: 'eks-work-cluster' });
    expect([imported.status, imported.body.dashboard.title, imported.body.dashboard.owner, imported.body.skipped]).toEqual([201, 'backend-app-at-a-glance', 'oncall', []]);
    expect(imported.body.dashboard.body.widgets.map((w: { type: string }) => w.type)).toEqual(['log', 'pod-states']);
  });

  it('says what each user may do with CloudWatch dashboards', async () => {
    const decisions = async (user: SandboxUserName) => (await call(user, 'GET', '/api/v1/dashboards/cloudwatch/access?cluster=eks-work-cluster', cloudWatchAccessRoute, {})).body;
    const publishing = {
      allowed: false,
      requires: 'update configmaps -n amazon-cloudwatch',
      why: 'write',
      reason:
        'CloudWatch dashboards are shared by everyone who uses the AWS account, so Watchdeck writes them only for those WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE names (update configmaps -n amazon-cloudwatch)',
    };
    const reading = {
      allowed: false,
      requires: 'get pods/log',
      why: 'allLogs',
      reason: 'a CloudWatch dashboard may show any log group or metric of the AWS account, so Watchdeck reads them only for those who may read pod logs in every namespace',
    };
    expect(await decisions('admin')).toEqual({ read: { allowed: true }, publish: { allowed: true } });
    expect(await decisions('oncall')).toEqual({ read: { allowed: true }, publish: publishing });
    expect(await decisions('dev')).toEqual({ read: reading, publish: reading });
  });

  it("passes on PutDashboard's validation messages when CloudWatch refuses the body", async () => {
    const withMetric = { ...body, widgets: [{ id: 'm', type: 'metric', x: 0, y: 0, width: 6, height: 6, properties: { title: 'no metrics' } }] };
    const { body: d } = await create('admin', { title: 'Bad metric', body: withMetric });
    const refused = await call('admin', 'POST', `/api/v1/dashboards/${d.id}/publish`, publishRoute, params({ id: d.id }), { name: 'bad-metric', cluster: 'eks-work-cluster' });
    expect(refused.status).toBe(400);
    expect([refused.body.error.kind, refused.body.error.aws.name]).toEqual(['AwsError', 'DashboardInvalidInputError']);
    expect(refused.body.error.aws.members.dashboardValidationMessages).toEqual([
      { DataPath: '/widgets/0/properties', Message: "Should have required property 'metrics'" },
      { DataPath: '/widgets/0/properties', Message: 'The metric widget should have specified a region and a data source or an alarm annotation' },
    ]);
  });

  it('refuses a name CloudWatch would not take, and publishing by anyone but the owner', async () => {
    const { body: d } = await create('oncall', { title: 'x', shared: true, body });
    const refused = await call('oncall', 'POST', `/api/v1/dashboards/${d.id}/publish`, publishRoute, params({ id: d.id }), { name: 'has space', cluster: 'eks-work-cluster' });
    expect([refused.status, refused.body.error.message]).toEqual([400, 'invalid request body: name: a CloudWatch dashboard name is 1-255 letters, digits, "-" and "_"']);
    const notOwner = await call('dev', 'POST', `/api/v1/dashboards/${d.id}/publish`, publishRoute, params({ id: d.id }), { name: 'x', cluster: 'eks-work-cluster' });
    expect([notOwner.status, notOwner.body.error]).toEqual([403, { kind: 'Forbidden', message: 'only its owner oncall may publish dashboard "x"' }]);
  });

  it('refuses an import that is not a dashboard body, with the reason', async () => {
    const bad = await call('oncall', 'POST', '/api/v1/dashboards/import', importRoute, {}, { title: 'x', body: '{"widgets": 3}' });
    expect([bad.status, bad.body.error]).toEqual([400, { kind: 'BadRequest', message: 'a CloudWatch dashboard body is a JSON object with a "widgets" array' }]);
  });

  it('refuses a cross-site state-changing request before anything else', async () => {
    const request = new Request('http://console.test:3000/api/v1/dashboards', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ title: 'x' }),
    });
    const response = await createRoute(request, {} as never);
    expect([response.status, (await response.json()).error]).toEqual([403, { kind: 'CsrfRejected', message: 'cross-site request refused (Sec-Fetch-Site: cross-site)' }]);
  });
});
