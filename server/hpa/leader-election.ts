import 'server-only';
/**
 * Leader election over a coordination.k8s.io/v1 Lease, as client-go's tools/leaderelection does
 * it: a candidate takes the Lease once it has seen the same record for LeaseDuration (by its own
 * clock, so clock skew between replicas does not matter), the leader renews it every
 * RetryPeriod and stops leading if it cannot for RenewDeadline, every write carries the
 * resourceVersion read (a 409 Conflict means another candidate won), and on shutdown the
 * leader releases it by emptying holderIdentity so another takes over at once.
 */
import fs from 'node:fs';
import { ConfigError } from '../config';
import { ConsoleError } from '../errors';
import type { ResourceRef, StreamingKubeClient } from '../k8s/client';
import { parseDurationText } from './settings';

export const LEASE_NAME = 'watchdeck-hpa-recorder';
/** wait.JitterUntil's factor in client-go's acquire loop: a candidate waits RetryPeriod to 2.2 × RetryPeriod. */
export const JITTER_FACTOR = 1.2;
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export interface LeaderElectionSettings {
  namespace: string;
  name: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** The console's namespace: WATCHDECK_NAMESPACE, else the pod's, else "watchdeck" in a cluster and "default" outside one. */
export function consoleNamespace(env: Record<string, string | undefined> = process.env, readFile = (f: string) => fs.readFileSync(f, 'utf8')): string {
  const configured = env.WATCHDECK_NAMESPACE?.trim();
  if (configured) return configured;
  try {
    const pods = readFile(SERVICE_ACCOUNT_NAMESPACE).trim();
    if (pods) return pods;
  } catch {
    // not in a pod with a mounted service account
  }
  return env.KUBERNETES_SERVICE_HOST ? 'watchdeck' : 'default';
}

function durationOf(env: Record<string, string | undefined>, variable: string, fallbackMs: number): number {
  const text = env[variable]?.trim();
  if (!text) return fallbackMs;
  const ms = parseDurationText(text);
  if (!ms) throw new ConfigError(variable, `must be a whole number of at least 1 with s, m, h or d, e.g. 15s (got "${text}")`);
  return ms;
}

/** The election's timings (docs/configuration.md), checked as client-go's NewLeaderElector checks them. */
export function leaderElectionSettings(env: Record<string, string | undefined> = process.env): LeaderElectionSettings {
  const leaseDurationMs = durationOf(env, 'WATCHDECK_HPA_RECORDER_LEASE_DURATION', 15_000);
  const renewDeadlineMs = durationOf(env, 'WATCHDECK_HPA_RECORDER_RENEW_DEADLINE', 10_000);
  const retryPeriodMs = durationOf(env, 'WATCHDECK_HPA_RECORDER_RETRY_PERIOD', 2_000);
  if (leaseDurationMs <= renewDeadlineMs) throw new ConfigError('WATCHDECK_HPA_RECORDER_LEASE_DURATION', 'must be greater than WATCHDECK_HPA_RECORDER_RENEW_DEADLINE');
  if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) {
    throw new ConfigError('WATCHDECK_HPA_RECORDER_RENEW_DEADLINE', `must be greater than ${JITTER_FACTOR} × WATCHDECK_HPA_RECORDER_RETRY_PERIOD`);
  }
  return { namespace: consoleNamespace(env), name: LEASE_NAME, leaseDurationMs, renewDeadlineMs, retryPeriodMs };
}

/** LeaseSpec as the API server serves it; times are MicroTime. */
export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** client-go's LeaderElectionRecord. */
interface ElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
}

/** metav1.MicroTime: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const recordOf = (lease: Lease): ElectionRecord => ({
  holderIdentity: lease.spec.holderIdentity ?? '',
  leaseDurationSeconds: lease.spec.leaseDurationSeconds ?? 0,
  acquireTime: lease.spec.acquireTime ?? '',
  renewTime: lease.spec.renewTime ?? '',
  leaseTransitions: lease.spec.leaseTransitions ?? 0,
});

export type LeaseClient = Pick<StreamingKubeClient, 'get' | 'create' | 'replace'>;

const statusOf = (err: unknown) => (err instanceof ConsoleError ? (err.status?.code ?? err.httpStatus) : undefined);

/** One candidate for the Lease. `client` gives the client to call the API server with (undefined: none now). */
export class LeaderElector {
  private observed?: { record: ElectionRecord; raw: string; lease: Lease };
  private observedTime = 0;
  /** The last error talking to the API server, for the caller's warning. */
  lastError?: string;

  constructor(
    readonly identity: string,
    private readonly settings: LeaderElectionSettings,
    private readonly client: () => Promise<LeaseClient | undefined>,
    private readonly now: () => number = () => performance.now(),
    private readonly wallClock: () => number = () => Date.now(),
  ) {}

  private get ref(): ResourceRef {
    return { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: this.settings.namespace, name: this.settings.name };
  }

  isLeader(): boolean {
    return this.observed?.record.holderIdentity === this.identity;
  }

  /** Who holds the Lease as last seen ('' for nobody). */
  leader(): string {
    return this.observed?.record.holderIdentity ?? '';
  }

  private isLeaseValid(now: number): boolean {
    return this.observedTime + (this.observed?.record.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  private setObserved(lease: Lease): void {
    this.observed = { record: recordOf(lease), raw: JSON.stringify(lease.spec), lease };
    this.observedTime = this.now();
  }

  private leaseWith(record: ElectionRecord, resourceVersion?: string): Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.settings.name, namespace: this.settings.namespace, ...(resourceVersion ? { resourceVersion } : {}) },
      spec: { ...record },
    };
  }

  /** The Lease's client, or undefined with lastError set when it cannot be made (no kubeconfig, a bad context). */
  private async leaseClient(): Promise<LeaseClient | undefined> {
    try {
      return await this.client();
    } catch (err) {
      this.lastError = (err as Error).message;
      return undefined;
    }
  }

  private async write(client: LeaseClient, record: ElectionRecord, over: Lease): Promise<boolean> {
    try {
      this.setObserved(await client.replace<Lease>(this.ref, this.leaseWith(record, over.metadata.resourceVersion)));
      return true;
    } catch (err) {
      // 409 Conflict: another candidate wrote the Lease since it was read.
      this.lastError = statusOf(err) === 409 ? undefined : (err as Error).message;
      return false;
    }
  }

  /** client-go's tryAcquireOrRenew: true when this candidate holds the Lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const client = await this.leaseClient();
    if (!client) return false;
    const wall = microTime(this.wallClock());
    const record: ElectionRecord = { holderIdentity: this.identity, leaseDurationSeconds: Math.round(this.settings.leaseDurationMs / 1000), acquireTime: wall, renewTime: wall, leaseTransitions: 0 };

    // 1. The leader's fast path: update assuming the Lease is as last written.
    if (this.isLeader() && this.isLeaseValid(this.now()) && this.observed) {
      const { acquireTime, leaseTransitions } = this.observed.record;
      if (await this.write(client, { ...record, acquireTime, leaseTransitions }, this.observed.lease)) return true;
    }

    // 2. Read the Lease, or create it.
    let current: Lease;
    try {
      current = await client.get<Lease>(this.ref);
    } catch (err) {
      if (statusOf(err) !== 404) {
        this.lastError = (err as Error).message;
        return false;
      }
      try {
        this.setObserved(await client.create<Lease>({ ...this.ref, name: undefined }, this.leaseWith(record)));
        this.lastError = undefined;
        return true;
      } catch (createErr) {
        // 409 AlreadyExists: another candidate created it first.
        this.lastError = statusOf(createErr) === 409 ? undefined : (createErr as Error).message;
        return false;
      }
    }

    // 3. A record that changed restarts this candidate's count of its duration.
    if (this.observed?.raw !== JSON.stringify(current.spec)) this.setObserved(current);
    else this.observed = { ...this.observed, lease: current };
    const old = recordOf(current);
    if (old.holderIdentity !== '' && this.isLeaseValid(this.now()) && !this.isLeader()) {
      this.lastError = undefined;
      return false;
    }

    // 4. Take it over (one more transition) or renew it.
    const next = this.isLeader() ? { ...record, acquireTime: old.acquireTime, leaseTransitions: old.leaseTransitions } : { ...record, leaseTransitions: old.leaseTransitions + 1 };
    const ok = await this.write(client, next, current);
    if (ok) this.lastError = undefined;
    return ok;
  }

  /** client-go's release (ReleaseOnCancel): an empty holder, a 1 s duration, the transitions kept. */
  async release(): Promise<boolean> {
    if (!this.isLeader() || !this.observed) return true;
    const client = await this.leaseClient();
    if (!client) return false;
    const wall = microTime(this.wallClock());
    return this.write(client, { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: wall, renewTime: wall, leaseTransitions: this.observed.record.leaseTransitions }, this.observed.lease);
  }

  /**
   * Campaigns until `signal` aborts: acquires (retrying every RetryPeriod, jittered), leads while
   * it renews within RenewDeadline, and campaigns again when it loses the Lease. `lead` runs while
   * leading, until the signal it is given aborts. On abort a leader releases the Lease.
   */
  async run(signal: AbortSignal, lead: (leading: AbortSignal) => void): Promise<void> {
    const { retryPeriodMs, renewDeadlineMs } = this.settings;
    while (!signal.aborted) {
      if (!(await this.tryAcquireOrRenew())) {
        await sleep(retryPeriodMs * (1 + Math.random() * JITTER_FACTOR), signal);
        continue;
      }
      const leading = new AbortController();
      lead(leading.signal);
      let renewed = this.now();
      while (!signal.aborted) {
        await sleep(retryPeriodMs, signal);
        if (signal.aborted) break;
        if (await this.tryAcquireOrRenew()) renewed = this.now();
        else if (!this.isLeader() || this.now() - renewed >= renewDeadlineMs) break;
      }
      leading.abort();
    }
    await this.release();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
