/**
 * Dashboards' security properties against the sandbox: the account's CloudWatch dashboards are
 * read and written through Watchdeck's shared AWS identity only by those a Kubernetes permission
 * allows, an existing CloudWatch dashboard is replaced only on confirmation, and the versions a
 * dashboard had while it was private stay its owner's after it is shared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_COUNT_QUERY, ERROR_COUNT_QUERY } from '@/lib/logs-insights/seed-queries';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as exportRoute } from './dashboards/[id]/export/route';
import { POST as publishRoute } from './dashboards/[id]/publish/route';
import { GET as getRoute, PUT as putRoute } from './dashboards/[id]/route';
import { GET as versionRoute } from './dashboards/[id]/versions/[version]/route';
import { POST as restoreRoute } from './dashboards/[id]/versions/[version]/restore/route';
import { GET as versionsRoute } from './dashboards/[id]/versions/route';
import { GET as cloudWatchAccessRoute } from './dashboards/cloudwatch/access/route';
import { GET as cloudWatchRoute } from './dashboards/cloudwatch/route';
import { POST as importRoute } from './dashboards/import/route';
import { GET as listRoute, POST as createRoute } from './dashboards/route';

const GROUP = '/aws/containerinsights/eks-work-cluster/application';
/** The ops team's CloudWatch dashboard: the operations notes' two Logs Insights queries saved with "Add to dashboard". */
const OPS_DASHBOARD = 'eks-work-backend-app';
const OPS_BODY = JSON.stringify({
  widgets: [
    { type: 'log', x: 0, y: 0, width: 12, height: 6, properties: { title: 'ACCESS_COUNT', query: `SOURCE '${GROUP}' | ${ACCESS_COUNT_QUERY}`, region: 'ap-northeast-2', view: 'table' } },
    { type: 'log', x: 12, y: 0, width: 12, height: 6, properties: { title: 'ERROR_COUNT', query: `SOURCE '${GROUP}' | ${ERROR_COUNT_QUERY}`, region: 'ap-northeast-2', view: 'bar' } },
  ],
});
/** Text only the private versions hold. */
const PRIVATE_NOTE = 'rotate the backend-app-db password before 09:00';

const textBody = (markdown: string) => ({ timeRange: { kind: 'relative', seconds: 3600 }, variables: [], widgets: [{ id: 'note', type: 'text', x: 0, y: 0, width: 12, height: 4, markdown }] });

/** What the console answers for a permission the API server refuses (errorBody in server/http.ts). */
const missingLogs = { verb: 'get', resource: 'pods', subresource: 'log', group: '', namespace: '', name: '' };
const missingPublish = { verb: 'update', resource: 'configmaps', subresource: '', group: '', namespace: 'amazon-cloudwatch', name: '' };

describe('dashboards security against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
    t.sandbox.cloudwatch.dashboards.put(OPS_DASHBOARD, OPS_BODY);
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (user: SandboxUserName, method: string, url: string, handler: (r: Request, c: never) => Promise<Response>, ctx: unknown, json?: unknown, headers: Record<string, string> = {}) =>
    callAs(t, user, method, url, handler, ctx, json, headers);
  const create = async (user: SandboxUserName, input: unknown) => (await call(user, 'POST', '/api/v1/dashboards', createRoute, {}, input)).body;
  const opsDashboard = () => t.sandbox.cloudwatch.dashboards.get(OPS_DASHBOARD)!;

  describe('CloudWatch dashboards', () => {
    it('answers what the caller may do only to a signed-in caller, and only for a cluster of the kubeconfig', async () => {
      const anonymous = await cloudWatchAccessRoute(new Request(`http://console.test:3000/api/v1/dashboards/cloudwatch/access?cluster=${CLUSTER}`), {} as never);
      expect(anonymous.status).toBe(401);
      const elsewhere = await call('dev', 'GET', '/api/v1/dashboards/cloudwatch/access?cluster=other-cluster', cloudWatchAccessRoute, {});
      expect([elsewhere.status, elsewhere.body.error.kind]).toEqual([404, 'NotFound']);
      const unnamed = await call('dev', 'GET', '/api/v1/dashboards/cloudwatch/access', cloudWatchAccessRoute, {});
      expect([unnamed.status, unnamed.body.error.kind]).toEqual([400, 'BadRequest']);
    });

    it("dev may not list the account's CloudWatch dashboards: 403 naming the missing permission", async () => {
      const listed = await call('dev', 'GET', `/api/v1/dashboards/cloudwatch?cluster=${CLUSTER}`, cloudWatchRoute, {});
      expect([listed.status, listed.body.code, listed.body.reason, listed.body.missing]).toEqual([403, 403, 'Forbidden', missingLogs]);
      expect(listed.body.message).toBe(
        'listing CloudWatch dashboards is forbidden: User "dev" cannot get resource "pods/log" in API group "" at the cluster scope (a CloudWatch dashboard may show any log group or metric of the AWS account, so Watchdeck reads them only for those who may read pod logs in every namespace)',
      );
      expect(listed.text).not.toContain(OPS_DASHBOARD);
    });

    it("dev may not import the ops team's CloudWatch dashboard by name", async () => {
      const imported = await call('dev', 'POST', '/api/v1/dashboards/import', importRoute, {}, { cloudWatchName: OPS_DASHBOARD, cluster: CLUSTER });
      expect([imported.status, imported.body.missing]).toEqual([403, missingLogs]);
      expect(imported.text).not.toContain('ACCESS_COUNT');
      const mine = await call('dev', 'GET', '/api/v1/dashboards?list=mine', listRoute, {});
      expect(mine.body.items).toEqual([]);
    });

    it("dev and oncall may not publish over the ops team's CloudWatch dashboard; it is left as it was", async () => {
      const before = { ...opsDashboard() };
      for (const [user, missing] of [
        ['dev', missingLogs],
        // oncall reads pod logs everywhere (the view role) but may not update configmaps in amazon-cloudwatch.
        ['oncall', missingPublish],
      ] as const) {
        const d = await create(user, { title: `${user} takes over`, body: textBody(`${user} was here`) });
        const published = await call(user, 'POST', `/api/v1/dashboards/${d.id}/publish`, publishRoute, params({ id: d.id }), {
          name: OPS_DASHBOARD,
          cluster: CLUSTER,
          overwrite: { lastModified: new Date(before.lastModified).toISOString() },
        });
        expect([user, published.status, published.body.missing]).toEqual([user, 403, missing]);
      }
      expect(opsDashboard()).toEqual(before);
    });

    it('admin publishing under an existing name gets 409 with what is there, and replaces it only when confirming that', async () => {
      const before = { ...opsDashboard() };
      const d = await create('admin', { title: 'Backend (admin)', body: textBody("admin's version") });
      const publish = (overwrite?: unknown) =>
        call('admin', 'POST', `/api/v1/dashboards/${d.id}/publish`, publishRoute, params({ id: d.id }), { name: OPS_DASHBOARD, cluster: CLUSTER, ...(overwrite ? { overwrite } : {}) });
      // ListDashboards' LastModified and Size, as the sandbox's CloudWatch recorded the put above.
      const existing = { name: OPS_DASHBOARD, lastModified: new Date(before.lastModified).toISOString(), size: Buffer.byteLength(OPS_BODY) };
      const unconfirmed = await publish();
      expect([unconfirmed.status, unconfirmed.body.error?.kind, unconfirmed.body.error?.existing]).toEqual([409, 'Conflict', existing]);
      const stale = await publish({ lastModified: '2020-01-01T00:00:00.000Z' });
      expect([stale.status, stale.body.error?.existing]).toEqual([409, existing]);
      expect(opsDashboard()).toEqual(before);
      const confirmed = await publish({ lastModified: existing.lastModified });
      expect([confirmed.status, confirmed.body.name, confirmed.body.replaced]).toEqual([200, OPS_DASHBOARD, existing]);
      expect(JSON.parse(opsDashboard().body).widgets[0].properties.markdown).toBe("admin's version");
    });
  });

  describe('versions saved while a dashboard was private', () => {
    let id = '';
    beforeAll(async () => {
      const d = await create('admin', { title: 'Backend runbook', shared: false, body: textBody(PRIVATE_NOTE) });
      id = d.id;
      const save = (version: number, shared: boolean, markdown: string) =>
        call('admin', 'PUT', `/api/v1/dashboards/${id}`, putRoute, params({ id }), { title: 'Backend runbook', shared, body: textBody(markdown) }, { 'if-match': `"${version}"` });
      expect((await save(1, false, `${PRIVATE_NOTE}; then restart`)).status).toBe(200);
      expect((await save(2, true, 'restart backend-app with kubectl rollout restart')).status).toBe(200);
    });

    it('oncall reads the shared dashboard but not a version saved before it was shared: 404, as a version that does not exist', async () => {
      const ctx = (version: string) => params({ id, version });
      expect((await call('oncall', 'GET', `/api/v1/dashboards/${id}`, getRoute, params({ id }))).status).toBe(200);
      const shared = await call('oncall', 'GET', `/api/v1/dashboards/${id}/versions/3`, versionRoute, ctx('3'));
      expect([shared.status, shared.body.version]).toEqual([200, 3]);
      for (const version of ['1', '2']) {
        const got = await call('oncall', 'GET', `/api/v1/dashboards/${id}/versions/${version}`, versionRoute, ctx(version));
        expect([got.status, got.body]).toEqual([404, { error: { kind: 'NotFound', message: `dashboard ${id} has no version ${version}` } }]);
        expect(got.text).not.toContain(PRIVATE_NOTE);
      }
      const missing = await call('oncall', 'GET', `/api/v1/dashboards/${id}/versions/4`, versionRoute, ctx('4'));
      expect([missing.status, missing.body]).toEqual([404, { error: { kind: 'NotFound', message: `dashboard ${id} has no version 4` } }]);
    });

    it('the versions list shows oncall the shared version and says exactly how many are hidden', async () => {
      const listed = await call('oncall', 'GET', `/api/v1/dashboards/${id}/versions`, versionsRoute, params({ id }));
      // Versions 1 and 2 were saved with shared: false (beforeAll).
      expect([listed.status, listed.body.items.map((v: { version: number }) => v.version), listed.body.hidden]).toEqual([200, [3], 2]);
      const own = await call('admin', 'GET', `/api/v1/dashboards/${id}/versions`, versionsRoute, params({ id }));
      expect([own.body.items.map((v: { version: number }) => v.version), own.body.hidden]).toEqual([[3, 2, 1], 0]);
    });

    it('oncall may not restore a private version, and neither a stale save nor an export shows its content', async () => {
      const restored = await call('oncall', 'POST', `/api/v1/dashboards/${id}/versions/1/restore`, restoreRoute, params({ id, version: '1' }), undefined, { 'if-match': '"3"' });
      expect([restored.status, restored.body.error]).toEqual([
        403,
        { kind: 'Forbidden', message: 'only its owner admin may restore a version of dashboard "Backend runbook"; duplicate it to change a copy of your own' },
      ]);
      // A save from version 1 is refused as not the owner's before any 409 could carry a version's content.
      const stale = await call('oncall', 'PUT', `/api/v1/dashboards/${id}`, putRoute, params({ id }), { title: 'x', shared: true, body: textBody('x') }, { 'if-match': '"1"' });
      expect([stale.status, stale.body.error.kind]).toEqual([403, 'Forbidden']);
      const exported = await call('oncall', 'GET', `/api/v1/dashboards/${id}/export?cluster=${CLUSTER}`, exportRoute, params({ id }));
      expect(exported.status).toBe(200);
      for (const answer of [restored, stale, exported]) expect(answer.text).not.toContain(PRIVATE_NOTE);
    });
  });
});
