import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldShares } from '@/lib/logs/field-shares';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import * as queriesRoute from '../../queries/route';
import * as queryRoute from '../../queries/[id]/route';
import * as fieldsRoute from './route';

const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
const DATAPLANE = '/aws/containerinsights/eks-work-cluster/dataplane';

let t: SandboxConsole;
beforeAll(async () => {
  t = await startSandboxConsole({ advanceMs: 10 * 60_000 });
}, 120_000);
afterAll(() => t?.close());

interface Fields {
  fields: { name: string; percent: number }[];
  restrictedTo: string[] | null;
  sampled?: number;
  error?: { kind: string; message: string };
}

/** The world's last 16 minutes: GetLogGroupFields searches 8 minutes either side of `time`. */
const centre = () => Math.floor(t.sandbox.world.nowMs() / 1000) - 480;

async function fields(user: SandboxUserName, query: string): Promise<{ status: number; body: Fields }> {
  const res = await fieldsRoute.GET(t.request(user, `/api/v1/logs/log-groups/fields?cluster=${CLUSTER}&${query}`), params({}));
  return { status: res.status, body: (await res.json()) as Fields };
}

/** oncall's own rows of a query over the same window, for comparison. */
async function oncallRows(queryString: string): Promise<{ field: string; value: string }[][]> {
  const time = centre();
  const body = { cluster: CLUSTER, queryString, startTime: time - 480, endTime: time + 480, source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } };
  const started = await queriesRoute.POST(
    new Request('http://console.test:3000/api/v1/logs/queries', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token('oncall')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    params({}),
  );
  const { id } = (await started.json()) as { id: string };
  for (let i = 0; i < 400; i++) {
    const res = await queryRoute.GET(t.request('oncall', `/api/v1/logs/queries/${id}?cluster=${CLUSTER}`), params({ id }));
    const state = (await res.json()) as { status: string; results: { field: string; value: string }[][] };
    if (state.status === 'Complete') return state.results;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the query did not finish');
}

describe('GET /api/v1/logs/log-groups/fields', () => {
  it('gives oncall the service’s fields of the container logs (GetLogGroupFields), eks-work’s label keys among them', async () => {
    const { status, body } = await fields('oncall', `logGroupName=${encodeURIComponent(APPLICATION)}&time=${centre()}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.restrictedTo).toBeNull();
    const byName = new Map(body.fields.map((f) => [f.name, f.percent]));
    for (const name of ['@timestamp', '@message', 'log', 'stream', 'kubernetes.namespace_name', 'kubernetes.container_name']) expect(byName.get(name), name).toBe(100);
    // Only the backend-app pods of eks-work carry the label `track`: 90% of the records the test sandbox (seed 1) ships in its first 10 minutes.
    expect(byName.get('kubernetes.labels.track')).toBe(90);
  });

  it('gives dev exactly the fields of rbac-test-ns records, none that exists only in eks-work records', async () => {
    const { status, body } = await fields('dev', `logGroupName=${encodeURIComponent(APPLICATION)}&time=${centre()}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.restrictedTo).toEqual(['rbac-test-ns']);
    const names = body.fields.map((f) => f.name);
    expect(names).toContain('kubernetes.labels.app');
    expect(names).not.toContain('kubernetes.labels.track');

    const mine = await oncallRows('filter kubernetes.namespace_name = "rbac-test-ns" | fields @message | sort @timestamp desc | limit 1000');
    const others = await oncallRows('filter kubernetes.namespace_name != "rbac-test-ns" | fields @message | sort @timestamp desc | limit 1000');
    const messages = (rows: { field: string; value: string }[][]) => rows.map((r) => r.find((f) => f.field === '@message')!.value);
    expect(body.sampled).toBe(mine.length);
    expect(body.fields).toEqual(fieldShares(messages(mine)));
    // The test means something only if eks-work records have fields rbac-test-ns records lack.
    const onlyElsewhere = fieldShares(messages(others))
      .map((f) => f.name)
      .filter((n) => !names.includes(n));
    expect(onlyElsewhere).toContain('kubernetes.labels.track');
  });

  it('refuses dev any group but the container logs, with the reason', async () => {
    const { status, body } = await fields('dev', `logGroupName=${encodeURIComponent(APPLICATION)}&logGroupName=${encodeURIComponent(DATAPLANE)}`);
    expect(status).toBe(403);
    expect(body.error).toEqual({ kind: 'Forbidden', message: `you may query only ${APPLICATION}, restricted to your namespaces (rbac-test-ns); not ${DATAPLANE}` });
  });

  it('answers a missing group with the service’s ResourceNotFoundException and no group with 400', async () => {
    const missing = await fields('oncall', 'logGroupName=/aws/nope');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ kind: 'AwsError', message: 'ResourceNotFoundException: The specified log group does not exist.' });
    const none = await fields('oncall', 'time=5');
    expect(none.status).toBe(400);
    expect(none.body.error).toEqual({ kind: 'BadRequest', message: 'invalid query: logGroupName: name at least one log group' });
  });
});
