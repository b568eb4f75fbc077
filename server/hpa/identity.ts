import 'server-only';
/**
 * Whose identity the console's own work uses: the HPA recorder here, leader election alike. Never
 * a user's: in a pod it is the pod's service account, whose token the kubelet rotates.
 */
import { config } from '../config';
import { kubeClient, type KubeClient } from '../k8s/client';
import { loadedClusters } from '../k8s/clusters';
import type { Query, ResourceRef } from '../k8s/client';
import type { RequestIdentity } from '../k8s/identity';
import { serviceAccountToken, TokenFile, tokenFileClient, withTokenFile } from '../k8s/in-cluster';
import { findContext } from '../k8s/kubeconfig';
import type { LeaseClient } from './leader-election';
import type { RecorderSettings } from './settings';

/** A client for `cluster` as `tokens`' identity, reading the token again as it rotates. */
function tokenClient(tokens: TokenFile, cluster: string): KubeClient {
  const context = findContext(loadedClusters(), cluster);
  return tokenFileClient(tokens, (identity) => kubeClient(identity, cluster), context.name, context.cluster.server);
}

/** The console's own client for `cluster` as the pod's service account; undefined outside a pod. */
export function serviceAccountClient(cluster: string): KubeClient | undefined {
  const { inCluster } = config();
  return inCluster ? tokenClient(serviceAccountToken(inCluster), cluster) : undefined;
}

const holder = globalThis as unknown as { __watchdeckRecorderToken?: TokenFile };

function recorderTokenFile(file: string): TokenFile {
  if (holder.__watchdeckRecorderToken?.file !== file) holder.__watchdeckRecorderToken = new TokenFile(file);
  return holder.__watchdeckRecorderToken;
}

/**
 * The recorder's client for `cluster`: WATCHDECK_HPA_RECORDER_TOKEN_FILE's identity when set, else
 * the pod's service account, else the kubeconfig context's own user; undefined in token mode with
 * none of these, and in oidc mode likewise (their contexts carry no user).
 */
export function recorderClient(settings: RecorderSettings, cluster: string): KubeClient | undefined {
  if (settings.tokenFile) return tokenClient(recorderTokenFile(settings.tokenFile), cluster);
  if (config().inCluster) return serviceAccountClient(cluster);
  const { authMode } = config();
  return authMode === 'token' || authMode === 'oidc' ? undefined : kubeClient({ mode: 'kubeconfig' }, cluster);
}

/**
 * The client leader election holds the recorder's Lease with: the recorder's identity, as
 * recorderClient chooses it, with the election's own timeout; undefined where the recorder has none.
 */
export function recorderLeaseClient(settings: RecorderSettings, cluster: string, timeoutMs: number): LeaseClient | undefined {
  const direct = (identity: RequestIdentity) => kubeClient(identity, cluster, { timeoutMs });
  const { inCluster, authMode } = config();
  const tokens = settings.tokenFile ? recorderTokenFile(settings.tokenFile) : inCluster ? serviceAccountToken(inCluster) : undefined;
  if (tokens) {
    return {
      get: <T>(ref: ResourceRef, query?: Query) => withTokenFile(tokens, direct, (c) => c.get<T>(ref, query)),
      create: <T>(ref: ResourceRef, body: unknown) => withTokenFile(tokens, direct, (c) => c.create<T>(ref, body)),
      replace: <T>(ref: ResourceRef, body: unknown) => withTokenFile(tokens, direct, (c) => c.replace<T>(ref, body)),
    };
  }
  return authMode === 'token' || authMode === 'oidc' ? undefined : direct({ mode: 'kubeconfig' });
}
