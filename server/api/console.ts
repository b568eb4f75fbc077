import 'server-only';
/** The console API's read endpoints: authenticate the caller, then ask the cluster as them. */
import { sql } from 'kysely';
import { authenticate } from '../auth/caller';
import { ConsoleError } from '../errors';
import { kubeClient } from '../k8s/client';
import { listClusters, type ClusterList } from '../k8s/clusters';
import { namespaceChoices, type NamespaceChoices } from '../k8s/namespaces';
import { overview, type Overview } from '../k8s/overview';
import { whoami, type WhoAmI } from '../k8s/whoami';
import { store } from '../store';

export async function health(): Promise<{ status: 'ok'; store: 'pglite' | 'postgres' }> {
  try {
    const s = await store();
    await sql`select 1`.execute(s.db);
    return { status: 'ok', store: s.kind };
  } catch (err) {
    throw new ConsoleError('Internal', 503, `the store is unavailable: ${(err as Error).message}`);
  }
}

export async function clusters(request: Request): Promise<ClusterList> {
  await authenticate(request);
  return listClusters();
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

export async function clusterOverview(request: Request, cluster: string, namespace: string): Promise<Overview> {
  return overview(await clientFor(request, cluster), namespace);
}
