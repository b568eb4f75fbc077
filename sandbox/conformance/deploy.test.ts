/**
 * The deployment manifests (deploy/overlays/eks) through the real kubectl: rendered by its built-in
 * kustomize and applied with a server-side dry run, as an operator checks them before applying.
 * Expected lines are kubectl's own wording; the NotFound answers for a namespace the same apply only
 * dry-ran are kube-apiserver's (kubernetes/kubernetes#83562 shows the same output).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { KUBECTL, SANDBOX_START_TIMEOUT_MS, startTestSandbox, type TestSandbox } from './harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OVERLAY = path.join(root, 'deploy', 'overlays', 'eks');
const MISSING_ANNOTATION = (resource: string) =>
  `Warning: resource ${resource} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`;

let rendered: string;
/** The generated ConfigMap's and Secret's names: kustomize appends a hash of their contents. */
let configMap: string;
let secret: string;
let t: TestSandbox;

beforeAll(async () => {
  rendered = (await promisify(execFile)(KUBECTL, ['kustomize', OVERLAY])).stdout;
  configMap = /^ {2}name: (watchdeck-config-[a-z0-9]{10})$/m.exec(rendered)![1];
  secret = /^ {2}name: (watchdeck-secrets-[a-z0-9]{10})$/m.exec(rendered)![1];
});
beforeEach(async () => {
  t = await startTestSandbox();
}, SANDBOX_START_TIMEOUT_MS);
afterEach(async () => {
  await t?.close();
});

/** Every object of the rendered manifests, as `plural namespace/name` (namespace empty for cluster-scoped kinds). */
const OBJECTS = () => [
  ['namespaces', '', 'watchdeck'],
  ['serviceaccounts', 'watchdeck', 'watchdeck'],
  ['rbac.authorization.k8s.io/roles', 'watchdeck', 'watchdeck-leader-election'],
  ['rbac.authorization.k8s.io/clusterroles', '', 'watchdeck:hpa-recorder'],
  ['rbac.authorization.k8s.io/rolebindings', 'watchdeck', 'watchdeck-leader-election'],
  ['rbac.authorization.k8s.io/clusterrolebindings', '', 'watchdeck:hpa-recorder'],
  ['configmaps', 'watchdeck', configMap],
  ['secrets', 'watchdeck', secret],
  ['services', 'watchdeck', 'watchdeck'],
  ['apps/deployments', 'watchdeck', 'watchdeck'],
  ['policy/poddisruptionbudgets', 'watchdeck', 'watchdeck'],
  ['networking.k8s.io/ingresses', 'watchdeck', 'watchdeck'],
  ['networking.k8s.io/networkpolicies', 'watchdeck', 'watchdeck'],
];

function stored(): string[] {
  return OBJECTS()
    .filter(([resource, namespace, name]) => t.sandbox.world.store.get(resource, namespace || undefined, name))
    .map(([resource, , name]) => `${resource}/${name}`);
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl apply --dry-run=server of deploy/overlays/eks'), () => {
  it('renders every kind the console needs, in kustomize order', () => {
    const kinds = [...rendered.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
    expect(kinds).toEqual([
      'Namespace',
      'ServiceAccount',
      'Role',
      'ClusterRole',
      'RoleBinding',
      'ClusterRoleBinding',
      'ConfigMap',
      'Secret',
      'Service',
      'Deployment',
      'PodDisruptionBudget',
      'Ingress',
      'NetworkPolicy',
    ]);
  });

  it('on a cluster without the namespace: dry-runs the namespace and the cluster-scoped objects, and every namespaced one is NotFound', async () => {
    const r = await t.kubectl('admin', ['apply', '--dry-run=server', '-f', '-'], { input: rendered });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'namespace/watchdeck created (server dry run)',
        'clusterrole.rbac.authorization.k8s.io/watchdeck:hpa-recorder created (server dry run)',
        'clusterrolebinding.rbac.authorization.k8s.io/watchdeck:hpa-recorder created (server dry run)',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('Error from server (NotFound): error when creating "STDIN": namespaces "watchdeck" not found\n'.repeat(10));
    expect(stored()).toEqual([]);
  });

  it('once the namespace exists: dry-runs every object as created and persists none of them', async () => {
    expect((await t.kubectl('admin', ['create', 'namespace', 'watchdeck'])).stdout).toBe('namespace/watchdeck created\n');
    const r = await t.kubectl('admin', ['apply', '--dry-run=server', '-f', '-'], { input: rendered });
    expect(r.stderr).toBe(`${MISSING_ANNOTATION('namespaces/watchdeck')}\n`);
    expect(r.stdout).toBe(
      [
        'namespace/watchdeck configured (server dry run)',
        'serviceaccount/watchdeck created (server dry run)',
        'role.rbac.authorization.k8s.io/watchdeck-leader-election created (server dry run)',
        'clusterrole.rbac.authorization.k8s.io/watchdeck:hpa-recorder created (server dry run)',
        'rolebinding.rbac.authorization.k8s.io/watchdeck-leader-election created (server dry run)',
        'clusterrolebinding.rbac.authorization.k8s.io/watchdeck:hpa-recorder created (server dry run)',
        `configmap/${configMap} created (server dry run)`,
        `secret/${secret} created (server dry run)`,
        'service/watchdeck created (server dry run)',
        'deployment.apps/watchdeck created (server dry run)',
        'poddisruptionbudget.policy/watchdeck created (server dry run)',
        'ingress.networking.k8s.io/watchdeck created (server dry run)',
        'networkpolicy.networking.k8s.io/watchdeck created (server dry run)',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
    expect(stored()).toEqual(['namespaces/watchdeck']);
    expect(t.sandbox.world.store.get('namespaces', undefined, 'watchdeck')!.metadata.annotations).toBeUndefined();
  });

  it('server-side apply dry-runs every object the same way', async () => {
    await t.kubectl('admin', ['create', 'namespace', 'watchdeck']);
    const r = await t.kubectl('admin', ['apply', '--server-side', '--dry-run=server', '-f', '-'], { input: rendered });
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'namespace/watchdeck serverside-applied (server dry run)',
      'serviceaccount/watchdeck serverside-applied (server dry run)',
      'role.rbac.authorization.k8s.io/watchdeck-leader-election serverside-applied (server dry run)',
      'clusterrole.rbac.authorization.k8s.io/watchdeck:hpa-recorder serverside-applied (server dry run)',
      'rolebinding.rbac.authorization.k8s.io/watchdeck-leader-election serverside-applied (server dry run)',
      'clusterrolebinding.rbac.authorization.k8s.io/watchdeck:hpa-recorder serverside-applied (server dry run)',
      `configmap/${configMap} serverside-applied (server dry run)`,
      `secret/${secret} serverside-applied (server dry run)`,
      'service/watchdeck serverside-applied (server dry run)',
      'deployment.apps/watchdeck serverside-applied (server dry run)',
      'poddisruptionbudget.policy/watchdeck serverside-applied (server dry run)',
      'ingress.networking.k8s.io/watchdeck serverside-applied (server dry run)',
      'networkpolicy.networking.k8s.io/watchdeck serverside-applied (server dry run)',
    ]);
    expect(stored()).toEqual(['namespaces/watchdeck']);
  });

  it('applied for real, gives the service account exactly the recorder reads and the lease in its own namespace', async () => {
    const applied = await t.kubectl('admin', ['apply', '-f', '-'], { input: rendered });
    expect(applied.code).toBe(0);
    expect(stored()).toEqual(OBJECTS().map(([resource, , name]) => `${resource}/${name}`));
    const sa = 'system:serviceaccount:watchdeck:watchdeck';
    const canI = async (...args: string[]) => (await t.kubectl('admin', ['auth', 'can-i', '--as', sa, ...args])).stdout.trim();
    // What server/hpa/recorder.ts and state.ts call, in every namespace.
    expect(await canI('list', 'horizontalpodautoscalers.autoscaling', '-A')).toBe('yes');
    expect(await canI('get', 'deployments.apps', '--subresource=scale', '-n', 'eks-work')).toBe('yes');
    expect(await canI('get', 'replicationcontrollers', '--subresource=scale', '-n', 'eks-work')).toBe('yes');
    expect(await canI('list', 'pods', '-A')).toBe('yes');
    expect(await canI('list', 'pods.metrics.k8s.io', '-A')).toBe('yes');
    expect(await canI('update', 'leases.coordination.k8s.io', '-n', 'watchdeck')).toBe('yes');
    // Nothing more: no pod logs, secrets, writes, or leases elsewhere.
    expect(await canI('get', 'pods', '--subresource=log', '-n', 'eks-work')).toBe('no');
    expect(await canI('get', 'secrets', '-n', 'watchdeck')).toBe('no');
    expect(await canI('patch', 'deployments.apps', '--subresource=scale', '-n', 'eks-work')).toBe('no');
    expect(await canI('delete', 'leases.coordination.k8s.io', '-n', 'watchdeck')).toBe('no');
    expect(await canI('update', 'leases.coordination.k8s.io', '-n', 'kube-system')).toBe('no');
  });
});
