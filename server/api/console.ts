import 'server-only';
/** The console API's read endpoints: authenticate the caller, then ask the cluster as them. */
import { sql } from 'kysely';
import { awsConfigured, awsConfig } from '../aws/clients';
import { authenticate } from '../auth/caller';
import { ConsoleError } from '../errors';
import { kubeClient } from '../k8s/client';
import { drainReason } from '../lifecycle';
import { landing, type Landing } from '../k8s/landing';
import { listClusters, type ClusterList } from '../k8s/clusters';
import { namespaceChoices, namespaceDetails, type NamespaceChoices, type NamespaceDetails } from '../k8s/namespaces';
import { overview, type Overview } from '../k8s/overview';
import { whoami, type WhoAmI } from '../k8s/whoami';
import { store } from '../store';

/** Liveness: the process answers; nothing it depends on is asked, so a store outage does not get it restarted. */
export async function health(): Promise<{ status: 'ok' }> {
  return { status: 'ok' };
}

/** How long readiness waits for the store's answer. */
export const READY_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Readiness: not shutting down, and the store answers a trivial query in time. */
export async function readiness(): Promise<{ status: 'ready'; store: 'pglite' | 'postgres' }> {
  const draining = drainReason();
  if (draining) throw new ConsoleError('Unavailable', 503, `not ready: this console replica is ${draining}`);
  try {
    const s = await within(store(), READY_TIMEOUT_MS);
    await within(sql`select 1`.execute(s.db), READY_TIMEOUT_MS);
    return { status: 'ready', store: s.kind };
  } catch (err) {
    throw new ConsoleError('Unavailable', 503, `not ready: the store is unavailable: ${(err as Error).message}`);
  }
}

export async function clusters(request: Request): Promise<ClusterList> {
  await authenticate(request);
  return listClusters();
}

/** What the browser may know of the console's AWS configuration: the region it reads CloudWatch in, null without AWS. */
export interface AwsSettings {
  region: string | null;
}

export async function awsSettings(request: Request): Promise<AwsSettings> {
  await authenticate(request);
  return { region: awsConfigured() ? awsConfig().region : null };
}

async function clientFor(request: Request, cluster: string) {
  const caller = await authenticate(request, cluster);
  return kubeClient(caller.identity, cluster);
}

export async function clusterWhoami(request: Request, cluster: string): Promise<WhoAmI> {
  return whoami(await clientFor(request, cluster));
}

export async function clusterNamespaces(request: Request, cluster: string, requested: string[]): Promise<NamespaceChoices> {
  return namespaceChoices(await clientFor(request, cluster), requested);
}

export async function clusterNamespaceDetails(request: Request, cluster: string, requested: string[]): Promise<NamespaceDetails> {
  return namespaceDetails(await clientFor(request, cluster), requested);
}

export async function clusterLanding(request: Request, cluster: string): Promise<{ landing: Landing | null }> {
  return landing(await clientFor(request, cluster));
}

export async function clusterOverview(request: Request, cluster: string, namespace: string): Promise<Overview> {
  return overview(await clientFor(request, cluster), namespace);
}
