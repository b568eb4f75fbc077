import 'server-only';
import { config } from '../config';
import { defaultContext, kubeconfig } from './kubeconfig';

export interface ClusterList {
  clusters: { name: string; server: string }[];
  defaultCluster: string;
}

/** The kubeconfig's contexts: each is a cluster the console can show. */
export function listClusters(): ClusterList {
  const loaded = kubeconfig(config().kubeconfigPaths);
  return {
    clusters: loaded.contexts.map((c) => ({ name: c.name, server: c.cluster.server })),
    defaultCluster: defaultContext(loaded)?.name ?? '',
  };
}
