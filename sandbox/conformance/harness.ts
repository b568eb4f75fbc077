/**
 * A sandbox for conformance tests: an empty cluster (or the default
 * scenario) in manual time over HTTPS, the users' RBAC bindings as the
 * scenario grants them, and helpers to call it through
 * @kubernetes/client-node and through kubectl.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import { clients } from '../../test/clients';
import { startSandbox, type Sandbox, type SandboxOptions } from '../index';
import type { NewObject } from '../kube/store';

/** kubectl from PATH; the tests that run it skip when it is absent. */
export const KUBECTL = clients.kubectl().command ?? 'kubectl';

/** For a beforeAll that starts one: TLS keys, the scenario and kubeconfig files take seconds idle, and many times that on a loaded CI runner. */
export const SANDBOX_START_TIMEOUT_MS = 120_000;

export type UserName = 'admin' | 'oncall' | 'dev';

export interface TestSandbox {
  sandbox: Sandbox;
  kubeconfigPath: string;
  /** A client-node KubeConfig acting as the user. */
  config(user: UserName): KubeConfig;
  kubectl(user: UserName, args: string[], options?: { input?: string; timeoutMs?: number }): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: string, group: string, namespace?: string): NewObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group }],
  };
}

/** The web Deployment in eks-work the kubectl tests apply, as YAML. */
export const webDeployment = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: eks-work
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
`;

export function namespace(name: string): NewObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

/** An empty cluster with the two namespaces and the users' bindings, or (scenario 'default') the whole default scenario, which has both. */
export async function startTestSandbox(options: Pick<SandboxOptions, 'jwt' | 'scenario' | 'watchWindowSeconds'> = {}): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-conformance-'));
  const sandbox = await startSandbox({ mode: 'manual', scenario: 'empty', dir, ...options });
  const store = sandbox.world.store;
  // The default scenario has these namespaces and bindings already.
  if ((options.scenario ?? 'empty') === 'empty') {
    for (const ns of ['eks-work', 'rbac-test-ns']) store.create('namespaces', namespace(ns));
    store.create('rbac.authorization.k8s.io/clusterrolebindings', binding('ClusterRoleBinding', 'oncall-view', 'view', 'oncall'));
    store.create('rbac.authorization.k8s.io/rolebindings', binding('RoleBinding', 'rbac-test-view', 'view', 'rbac-test-group', 'rbac-test-ns'));
  }
  const kubeconfigPath = sandbox.files!.kubeconfig;
  const cacheDir = join(dir, 'kube-cache');

  return {
    sandbox,
    kubeconfigPath,
    config(user) {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      kc.setCurrentContext(`sandbox-${user}`);
      return kc;
    },
    kubectl(user, args, options = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          KUBECTL,
          ['--kubeconfig', kubeconfigPath, '--context', `sandbox-${user}`, ...args],
          { timeout: options.timeoutMs ?? 20_000, env: { ...process.env, KUBECACHEDIR: cacheDir, HOME: dir, KUBECONFIG: '' } },
          (err, stdout, stderr) => {
            const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
            resolve({ code, stdout: String(stdout), stderr: String(stderr) });
          },
        );
        if (options.input !== undefined) child.stdin?.end(options.input);
      });
    },
    async close() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The API server's Status from a failed client-node call. */
export async function statusOf(call: Promise<unknown>): Promise<{ code: number; reason: string; message: string; details?: unknown }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiException) {
      const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
      return body;
    }
    throw err;
  }
  throw new Error('the call succeeded');
}

/** One sandbox for a test file: started before its tests (then `ready`, e.g. advancing the clock), closed after; the getter reads it in a test. */
export function useTestSandbox(options: Parameters<typeof startTestSandbox>[0] = {}, ready?: (t: TestSandbox) => void): () => TestSandbox {
  let t: TestSandbox | undefined;
  beforeAll(async () => {
    t = await startTestSandbox(options);
    ready?.(t);
  }, SANDBOX_START_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });
  return () => t!;
}
