import 'server-only';
import { ConsoleError, type ErrorObject } from '../errors';
import type { KubeClient, ResourceRef } from './client';
import { controllerOf, type ObjectMeta } from './pods';

/** The resources owner references point at, by kind. */
export const WORKLOAD_REFS: Record<string, Omit<ResourceRef, 'namespace' | 'name'> & { namespaced: boolean }> = {
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true },
  Job: { group: 'batch', version: 'v1', resource: 'jobs', namespaced: true },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs', namespaced: true },
  Node: { group: '', version: 'v1', resource: 'nodes', namespaced: false },
};

export interface OwnerLink {
  kind: string;
  name: string;
  apiVersion: string;
  /** Set when the console could not read this owner (403, 404): its own owners stay unknown. */
  error?: ErrorObject;
}

const MAX_HOPS = 5;

/**
 * The controller chain above an object (Pod → ReplicaSet → Deployment, Pod → Job → CronJob),
 * each hop read as the caller. A hop the caller may not read is reported on its link and ends the chain.
 */
export async function ownerChain(client: KubeClient, namespace: string, meta: ObjectMeta | undefined): Promise<OwnerLink[]> {
  const chain: OwnerLink[] = [];
  let owner = controllerOf(meta);
  while (owner && chain.length < MAX_HOPS) {
    const link: OwnerLink = { kind: owner.kind, name: owner.name, apiVersion: owner.apiVersion };
    chain.push(link);
    const ref = WORKLOAD_REFS[owner.kind];
    if (!ref) break;
    try {
      const { namespaced, ...base } = ref;
      const object = await client.get<{ metadata?: ObjectMeta }>({ ...base, ...(namespaced ? { namespace } : {}), name: owner.name });
      owner = controllerOf(object.metadata);
    } catch (err) {
      if (!(err instanceof ConsoleError) || err.kind === 'Unauthorized') throw err;
      link.error = err.toJSON();
      break;
    }
  }
  return chain;
}
