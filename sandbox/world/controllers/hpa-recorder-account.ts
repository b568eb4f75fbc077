/**
 * The identity the console records HPA history with on the sandbox: a
 * ServiceAccount in kube-system bound to a read-only ClusterRole (HPAs, the
 * targets' scale, pods, pod metrics, events), and a bearer token for it from
 * the API server's TokenRequest, as `kubectl create token` gets one. It may
 * also get, create and update Leases in the console's namespace, where the
 * console's replicas elect the one that records.
 */
import { chmod, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import type { Store } from '../../kube/store';

export const RECORDER_NAMESPACE = 'kube-system';
export const RECORDER_ACCOUNT = 'watchdeck-hpa-recorder';
/** The console's namespace when it runs outside a cluster, as on the sandbox (server/hpa/leader-election.ts). */
export const LEASE_NAMESPACE = 'default';
const LEASE_ROLE = `${RECORDER_ACCOUNT}-leader-election`;

const RULES = [
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'], verbs: ['get'] },
  { apiGroups: [''], resources: ['replicationcontrollers/scale'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list'] },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list'] },
];

/** Creates the account, its ClusterRole and ClusterRoleBinding unless they exist. */
export function ensureRecorderAccount(store: Store): void {
  if (!store.get('serviceaccounts', RECORDER_NAMESPACE, RECORDER_ACCOUNT)) {
    store.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: RECORDER_ACCOUNT, namespace: RECORDER_NAMESPACE } });
  }
  if (!store.get('rbac.authorization.k8s.io/clusterroles', undefined, RECORDER_ACCOUNT)) {
    store.create('rbac.authorization.k8s.io/clusterroles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: RECORDER_ACCOUNT }, rules: RULES });
  }
  if (!store.get('rbac.authorization.k8s.io/clusterrolebindings', undefined, RECORDER_ACCOUNT)) {
    store.create('rbac.authorization.k8s.io/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: RECORDER_ACCOUNT },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: RECORDER_ACCOUNT },
      subjects: [{ kind: 'ServiceAccount', name: RECORDER_ACCOUNT, namespace: RECORDER_NAMESPACE }],
    });
  }
  if (!store.get('rbac.authorization.k8s.io/roles', LEASE_NAMESPACE, LEASE_ROLE)) {
    store.create('rbac.authorization.k8s.io/roles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      // Fixed uids: drawn from the world's uid stream, they would change every later object's uid and so the seeded scenario.
      metadata: { name: LEASE_ROLE, namespace: LEASE_NAMESPACE, uid: '5b0f6a52-3c1e-4d7a-9f1e-6c2d8b4a7e01' },
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
    });
  }
  if (!store.get('rbac.authorization.k8s.io/rolebindings', LEASE_NAMESPACE, LEASE_ROLE)) {
    store.create('rbac.authorization.k8s.io/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: LEASE_ROLE, namespace: LEASE_NAMESPACE, uid: '5b0f6a52-3c1e-4d7a-9f1e-6c2d8b4a7e02' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: LEASE_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: RECORDER_ACCOUNT, namespace: RECORDER_NAMESPACE }],
    });
  }
}

/** A token for the account from POST …/serviceaccounts/{name}/token, asked as a user who may create it. */
export function requestRecorderToken(url: string, caData: string | undefined, adminToken: string, expirationSeconds = 365 * 86_400): Promise<string> {
  const body = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } });
  const target = new URL(`/api/v1/namespaces/${RECORDER_NAMESPACE}/serviceaccounts/${RECORDER_ACCOUNT}/token`, url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, ...(caData ? { ca: caData } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 201) return reject(new Error(`TokenRequest for ${RECORDER_ACCOUNT} answered ${res.statusCode}: ${text}`));
          resolve(JSON.parse(text).status.token);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sets up the account and writes its token to `dir`/hpa-recorder.token (mode 0600); returns the file's path. */
export async function writeRecorderToken(dir: string, store: Store, url: string, caData: string | undefined, adminToken: string): Promise<string> {
  ensureRecorderAccount(store);
  const file = join(dir, 'hpa-recorder.token');
  await writeFile(file, `${await requestRecorderToken(url, caData, adminToken)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}
