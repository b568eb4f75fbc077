/**
 * Leader election for the HPA recorder against the sandbox's API server over HTTP, as the
 * recorder's own service account (which the sandbox lets get, create and update Leases in
 * "default", the console's namespace outside a cluster). Timings are short but keep
 * client-go's proportions: LeaseDuration 3 s > RenewDeadline 2 s > 1.2 × RetryPeriod 1 s.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeClient, type StreamingKubeClient } from '../k8s/client';
import { CLUSTER, startSandboxConsole, type SandboxConsole } from '../testing/sandbox-console';
import { consoleNamespace, LeaderElector, leaderElectionSettings, microTime, type Lease, type LeaseClient, type LeaderElectionSettings } from './leader-election';

let t: SandboxConsole;
let recorder: StreamingKubeClient;
let admin: StreamingKubeClient;
beforeAll(async () => {
  t = await startSandboxConsole();
  recorder = kubeClient({ mode: 'token', token: fs.readFileSync(t.sandbox.files!.hpaRecorderToken!, 'utf8').trim() }, CLUSTER);
  admin = kubeClient({ mode: 'token', token: t.token('admin') }, CLUSTER);
}, 120_000);
afterAll(() => t?.close());

let leaseNumber = 0;
function settings(): LeaderElectionSettings {
  return { namespace: 'default', name: `recorder-test-${++leaseNumber}`, leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 1_000 };
}
const leaseRef = (s: LeaderElectionSettings) => ({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: s.namespace, name: s.name });
const readLease = (s: LeaderElectionSettings) => admin.get<Lease>(leaseRef(s));

/** A candidate that can be cut off from the API server, as a replica that died would be. */
function candidate(identity: string, s: LeaderElectionSettings) {
  const link = { up: true };
  const elector = new LeaderElector(identity, s, async () => (link.up ? (recorder as LeaseClient) : undefined));
  const campaign = new AbortController();
  const leading: string[] = [];
  const done = elector.run(campaign.signal, (signal) => {
    leading.push('started');
    signal.addEventListener('abort', () => leading.push('stopped'));
  });
  return { elector, link, leading, stop: () => (campaign.abort(), done) };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

describe('the HPA recorder Lease', () => {
  it('reads the namespace from WATCHDECK_NAMESPACE, the pod, or "watchdeck" in a cluster and "default" outside one, and client-go defaults', () => {
    const noFile = () => {
      throw new Error('ENOENT');
    };
    expect(consoleNamespace({ WATCHDECK_NAMESPACE: 'ops' }, () => 'pods-ns')).toBe('ops');
    expect(consoleNamespace({}, () => 'pods-ns\n')).toBe('pods-ns');
    expect(consoleNamespace({ KUBERNETES_SERVICE_HOST: '10.0.0.1' }, noFile)).toBe('watchdeck');
    expect(consoleNamespace({}, noFile)).toBe('default');
    expect(leaderElectionSettings({ WATCHDECK_NAMESPACE: 'ops' })).toEqual({
      namespace: 'ops',
      name: 'watchdeck-hpa-recorder',
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
    expect(() => leaderElectionSettings({ WATCHDECK_HPA_RECORDER_LEASE_DURATION: '10s' })).toThrow('WATCHDECK_HPA_RECORDER_LEASE_DURATION: must be greater than WATCHDECK_HPA_RECORDER_RENEW_DEADLINE');
    expect(() => leaderElectionSettings({ WATCHDECK_HPA_RECORDER_RETRY_PERIOD: '9s' })).toThrow(
      'WATCHDECK_HPA_RECORDER_RENEW_DEADLINE: must be greater than 1.2 × WATCHDECK_HPA_RECORDER_RETRY_PERIOD',
    );
    expect(microTime(Date.UTC(2026, 11, 6, 9, 53, 14, 123))).toBe('2026-12-06T09:53:14.123000Z');
  });

  it('lets one of two candidates lead, and the other take over within LeaseDuration + RetryPeriod when the leader dies', async () => {
    const s = settings();
    const a = candidate('replica-a', s);
    const b = candidate('replica-b', s);
    try {
      await until(() => a.elector.isLeader() || b.elector.isLeader(), 5_000);
      // Two renewals later, still exactly one leads.
      await new Promise((r) => setTimeout(r, 2_100));
      expect([a.elector.isLeader(), b.elector.isLeader()].filter(Boolean)).toHaveLength(1);
      const [leader, other] = a.elector.isLeader() ? [a, b] : [b, a];
      const held = await readLease(s);
      expect(held.spec).toMatchObject({ holderIdentity: leader.elector.identity, leaseDurationSeconds: 3, leaseTransitions: 0 });
      expect(leader.leading).toEqual(['started']);
      expect(other.leading).toEqual([]);

      // The leader dies: it stops renewing, and nothing releases the Lease.
      leader.link.up = false;
      const took = await until(() => other.elector.isLeader(), 3_000 + 2 * 2.2 * 1_000 + 2_000);
      // client-go's bound: the candidate sees the last renewal at its next jittered retry (up to 2.2 × RetryPeriod),
      // waits LeaseDuration from then, and takes the Lease at the retry after that; half a second for the HTTP calls.
      expect(took).toBeLessThanOrEqual(3_000 + 2 * 2.2 * 1_000 + 500);
      expect((await readLease(s)).spec).toMatchObject({ holderIdentity: other.elector.identity, leaseTransitions: 1 });
      expect(other.leading).toEqual(['started']);
      // The old leader gives up once it could not renew for RenewDeadline.
      await until(() => leader.leading.length === 2, 4_000);
      expect(leader.leading).toEqual(['started', 'stopped']);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 30_000);

  it('releases the Lease on shutdown (holder emptied, transitions kept), so the other candidate leads at its next retry', async () => {
    const s = settings();
    const a = candidate('replica-a', s);
    await until(() => a.elector.isLeader(), 5_000);
    const b = candidate('replica-b', s);
    try {
      await new Promise((r) => setTimeout(r, 1_100));
      expect(b.elector.isLeader()).toBe(false);
      await a.stop();
      const released = await readLease(s);
      expect(released.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 0 });
      // No waiting out the Lease: an empty holder is taken at once.
      const took = await until(() => b.elector.isLeader(), 2.2 * 1_000 + 1_000);
      expect(took).toBeLessThanOrEqual(2.2 * 1_000 + 500);
      expect((await readLease(s)).spec).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });
    } finally {
      await b.stop();
    }
  }, 30_000);

  it('answers a write with a stale resourceVersion 409 Conflict, and of two candidates racing for a free Lease exactly one wins', async () => {
    const s = settings();
    const first = new LeaderElector('replica-a', s, async () => recorder);
    expect(await first.tryAcquireOrRenew()).toBe(true);
    const lease = await readLease(s);
    await admin.replace(leaseRef(s), { ...lease, spec: { ...lease.spec, holderIdentity: 'someone' } });
    await expect(recorder.replace(leaseRef(s), lease)).rejects.toMatchObject({ httpStatus: 409 });

    // Released, so free: both read it, both write with the same resourceVersion, one is refused.
    const now = await readLease(s);
    await admin.replace(leaseRef(s), { ...now, spec: { ...now.spec, holderIdentity: '' } });
    const x = new LeaderElector('replica-x', s, async () => recorder);
    const y = new LeaderElector('replica-y', s, async () => recorder);
    const results = await Promise.all([x.tryAcquireOrRenew(), y.tryAcquireOrRenew()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'replica-x' : 'replica-y';
    expect((await readLease(s)).spec.holderIdentity).toBe(winner);
    expect([x.lastError, y.lastError]).toEqual([undefined, undefined]);
  });

  it('keeps campaigning when its client cannot be made (no kubeconfig): the error is its lastError, not an unhandled rejection', async () => {
    const s = settings();
    let calls = 0;
    const elector = new LeaderElector('replica-z', s, async () => {
      calls++;
      throw new Error('kubeconfig /root/.kube/config does not exist');
    });
    expect(await elector.tryAcquireOrRenew()).toBe(false);
    expect(elector.lastError).toBe('kubeconfig /root/.kube/config does not exist');
    const campaign = new AbortController();
    const done = elector.run(campaign.signal, () => {});
    await until(() => calls >= 2, 5_000);
    campaign.abort();
    await expect(done).resolves.toBeUndefined();
    expect(elector.isLeader()).toBe(false);
  });
});
