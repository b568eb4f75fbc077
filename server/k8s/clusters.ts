import 'server-only';
import { config } from '../config';
import { closeConnectionPools } from './agents';
import { inClusterKubeconfig, type InClusterConfig } from './in-cluster';
import { defaultContext, kubeconfig, type LoadedKubeconfig } from './kubeconfig';

export interface ClusterList {
  clusters: { name: string; server: string }[];
  defaultCluster: string;
}

const inClusterCache = new WeakMap<InClusterConfig, Map<boolean, LoadedKubeconfig>>();

const last = globalThis as unknown as { __watchdeckLoadedClusters?: LoadedKubeconfig };

/** The console's clusters: the kubeconfig's contexts, or, in a pod without a kubeconfig, the pod's own cluster. */
export function loadedClusters(): LoadedKubeconfig {
  const loaded = readClusters();
  // A changed kubeconfig may move a cluster or drop a certificate: no request rides a connection made for the old one.
  if (last.__watchdeckLoadedClusters !== loaded) {
    if (last.__watchdeckLoadedClusters) closeConnectionPools();
    last.__watchdeckLoadedClusters = loaded;
  }
  return loaded;
}

function readClusters(): LoadedKubeconfig {
  const { inCluster, kubeconfigPaths, authMode } = config();
  if (!inCluster) return kubeconfig(kubeconfigPaths);
  const impersonator = authMode === 'proxy';
  let byMode = inClusterCache.get(inCluster);
  if (!byMode) inClusterCache.set(inCluster, (byMode = new Map()));
  let loaded = byMode.get(impersonator);
  if (!loaded) byMode.set(impersonator, (loaded = inClusterKubeconfig(inCluster, impersonator)));
  return loaded;
}

/** Each cluster the console can show. */
export function listClusters(): ClusterList {
  const loaded = loadedClusters();
  return {
    clusters: loaded.contexts.map((c) => ({ name: c.name, server: c.cluster.server })),
    defaultCluster: defaultContext(loaded)?.name ?? '',
  };
}
