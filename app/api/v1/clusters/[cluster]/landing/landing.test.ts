import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as overviewRoute } from '../overview/route';
import { GET as landingRoute } from './route';

describe('where each user lands, against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
  }, 60_000);
  afterAll(async () => t?.close());
  const get = async (user: 'admin' | 'oncall' | 'dev') => {
    const response = await landingRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/landing`), params({ cluster: CLUSTER }));
    return { status: response.status, body: await response.json() };
  };

  it('sends admin and oncall to eks-work, where the scenario puts every problem pod', async () => {
    const admin = await get('admin');
    expect(admin.status).toBe(200);
    // The Overview's "Problem pods" of eks-work: the canary in CrashLoopBackOff, frontend-web's ImagePullBackOff, batch-analytics
    // and dedicated-worker Pending (Unschedulable), and three OOMKilled report-generator pods.
    const overview = await (await overviewRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/overview?namespace=eks-work`), params({ cluster: CLUSTER }))).json();
    expect(overview.pods.data.problems).toHaveLength(7);
    expect(admin.body).toEqual({ landing: { namespace: 'eks-work', problems: 7 } });
    expect((await get('oncall')).body).toEqual(admin.body);
  });

  it('names nothing to dev, who may not list pods cluster-wide: dev opens on a namespace it may read', async () => {
    expect(await get('dev')).toEqual({ status: 200, body: { landing: null } });
  });
});
