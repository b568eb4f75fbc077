/**
 * Pods and errors in application/vnd.kubernetes.protobuf, as client-go's typed clients ask for them:
 * every pod of the default scenario written and read back whole, what the console's rows read of
 * them the same in protobuf as in JSON, and the answers the API server gives by Accept. kubectl
 * drain reads them with Go's own decoder in kubectl-drain.test.ts.
 */
import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { podStatus } from '@/lib/k8s/pod-status';
import { decodeMessage, PROTOBUF, unwrapUnknown } from '@/lib/k8s/protobuf';
import { decodePodList, decodeStatus, POD, POD_ROW } from '@/lib/k8s/protobuf-schemas';
import { encodePod } from '../kube/http/protobuf';
import { useTestSandbox } from './harness';

const t = useTestSandbox({ scenario: 'default' }, (s) => s.sandbox.world.advance(600_000));

type UserName = 'admin' | 'oncall' | 'dev';

function get(path: string, accept: string, user: UserName = 'admin'): Promise<{ code: number; type: string; body: Buffer }> {
  const sandbox = t().sandbox;
  const token = sandbox.users.find((u) => u.username === user)!.token;
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, sandbox.url), { ca: sandbox.caData, headers: { Authorization: `Bearer ${token}`, Accept: accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The JSON as protobuf can carry it: no nulls, no empty strings (Go writes "" for both unset and empty). */
function carried(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(carried);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== '')
      .map(([k, v]) => [k, carried(v)]),
  );
}

const CLIENT_GO = `${PROTOBUF},application/json`;

describe('pods in protobuf', () => {
  it('reads every pod of the scenario back as its JSON', () => {
    const pods = t().sandbox.world.store.list('pods');
    expect(pods.length).toBeGreaterThan(30);
    for (const pod of pods) {
      const body = encodePod(pod);
      const { apiVersion, kind, start, end } = unwrapUnknown(body);
      expect([apiVersion, kind]).toEqual(['v1', 'Pod']);
      const { apiVersion: _v, kind: _k, ...rest } = pod;
      expect(decodeMessage(body, POD, { strict: true }, start, end)).toEqual(carried(rest));
    }
  });

  it('gives each pod the same READY, STATUS and RESTARTS from the fields a row reads as from its JSON', async () => {
    const answer = await get('/api/v1/pods', CLIENT_GO);
    expect(answer.type).toBe(PROTOBUF);
    const rows = decodePodList(answer.body, POD_ROW).items;
    const pods = t().sandbox.world.store.list('pods');
    expect(rows.map((r) => (r.metadata as { name: string }).name)).toEqual(pods.map((p) => p.metadata.name));
    const now = t().sandbox.world.now();
    rows.forEach((row, i) => expect(podStatus(row, now)).toEqual(podStatus(pods[i], now)));
    // The scenario has more than running pods: the pending, the crash-looping and the completed ones compare too.
    expect(new Set(pods.map((p) => podStatus(p, now).status)).size).toBeGreaterThan(3);
  });

  it('answers by Accept: protobuf to client-go, JSON to a client that lists JSON first, a Table to kubectl get', async () => {
    const protobuf = await get('/api/v1/namespaces/eks-work/pods?limit=2', CLIENT_GO);
    expect(protobuf.type).toBe(PROTOBUF);
    const page = decodePodList(protobuf.body);
    expect(page.items).toHaveLength(2);
    expect(page.metadata.continue).toEqual(expect.any(String));
    const json = await get('/api/v1/namespaces/eks-work/pods?limit=2', `application/json, ${PROTOBUF}`);
    expect(json.type).toBe('application/json');
    expect(JSON.parse(json.body.toString()).items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(page.items.map((p) => (p.metadata as { name: string }).name));
    const table = await get('/api/v1/namespaces/eks-work/pods?limit=2', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
    expect(JSON.parse(table.body.toString()).kind).toBe('Table');
    // Other kinds are written as JSON, which client-go's Accept allows.
    expect((await get('/api/v1/namespaces/eks-work/services', CLIENT_GO)).type).toBe('application/json');
  });

  it('writes a pod with a field it has no number for as JSON rather than lose the field', async () => {
    const { store } = t().sandbox.world;
    const pod = store.list('pods', 'eks-work')[0];
    store.mutate('pods', 'eks-work', pod.metadata.name, (draft) => {
      (draft.spec as Record<string, unknown>).workloadRef = { name: 'batch', podGroup: 'workers' };
    });
    const one = await get(`/api/v1/namespaces/eks-work/pods/${pod.metadata.name}`, CLIENT_GO);
    expect(one.type).toBe('application/json');
    expect(JSON.parse(one.body.toString()).spec.workloadRef).toEqual({ name: 'batch', podGroup: 'workers' });
    expect((await get('/api/v1/namespaces/eks-work/pods', CLIENT_GO)).type).toBe('application/json');
    store.mutate('pods', 'eks-work', pod.metadata.name, (draft) => {
      delete (draft.spec as Record<string, unknown>).workloadRef;
    });
    expect((await get('/api/v1/namespaces/eks-work/pods', CLIENT_GO)).type).toBe(PROTOBUF);
  });

  it("writes the Status of a refused request in protobuf too, with the API server's message", async () => {
    const refused = await get('/api/v1/pods', CLIENT_GO, 'dev');
    expect(refused.code).toBe(403);
    expect(refused.type).toBe(PROTOBUF);
    const asJson = await get('/api/v1/pods', 'application/json', 'dev');
    expect(decodeStatus(refused.body)).toEqual(JSON.parse(asJson.body.toString()));
    expect(decodeStatus(refused.body).message).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" at the cluster scope');
    const missing = await get('/api/v1/namespaces/eks-work/pods/no-such-pod', CLIENT_GO);
    expect([missing.code, decodeStatus(missing.body).reason]).toEqual([404, 'NotFound']);
  });
});
