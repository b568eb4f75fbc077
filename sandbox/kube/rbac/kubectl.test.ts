/**
 * The RBAC matrix as kubectl 1.32 shows it against the sandbox API server:
 * the users' bindings as the default scenario grants them, on a cluster
 * with nothing else in it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../../test/clients';
import { startSandbox, type Sandbox } from '../../index';
import { addScenarioBindings } from './test-fixtures';

const run = promisify(execFile);
let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rbac-kubectl-'));
  sandbox = await startSandbox({ mode: 'manual', scenario: 'empty', dir });
  for (const name of ['eks-work', 'rbac-test-ns']) {
    if (sandbox.world.store.get('namespaces', undefined, name)) continue;
    sandbox.world.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  addScenarioBindings(sandbox.world.store);
});

afterAll(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** kubectl as one of the sandbox users: exit code, stdout and stderr. */
async function kubectl(user: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = ['--kubeconfig', join(dir, 'kubeconfig'), '--context', `sandbox-${user}`, '--cache-dir', join(dir, 'cache'), ...args];
  try {
    const { stdout, stderr } = await run(clients.kubectl().command!, argv);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl against the sandbox RBAC'), () => {
  it('shows dev the Forbidden messages of a real cluster outside rbac-test-ns', async () => {
    expect(await kubectl('dev', 'get', 'pods', '-n', 'eks-work')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (Forbidden): pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"\n',
    });
    expect((await kubectl('dev', 'get', 'nodes')).stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope\n');
    expect((await kubectl('dev', 'get', '--raw', '/api/v1/namespaces/eks-work/pods/backend-app-x/log')).stderr).toBe(
      'Error from server (Forbidden): pods "backend-app-x" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "eks-work"\n',
    );
    expect((await kubectl('dev', 'get', 'deployments', '-n', 'eks-work')).stderr).toBe(
      'Error from server (Forbidden): deployments.apps is forbidden: User "dev" cannot list resource "deployments" in API group "apps" in the namespace "eks-work"\n',
    );
  });

  it('lets dev read rbac-test-ns', async () => {
    expect(await kubectl('dev', 'get', 'pods', '-n', 'rbac-test-ns')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in rbac-test-ns namespace.\n' });
  });

  it('answers kubectl auth can-i for each user', async () => {
    const canI = async (user: string, ...args: string[]) => {
      const r = await kubectl(user, 'auth', 'can-i', ...args);
      return `${r.code} ${r.stdout.trim()}`;
    };
    expect(await canI('admin', 'delete', 'nodes')).toBe('0 yes');
    expect(await canI('oncall', 'list', 'pods', '-n', 'eks-work')).toBe('0 yes');
    expect(await canI('oncall', 'get', 'secrets', '-n', 'eks-work')).toBe('1 no');
    expect(await canI('oncall', 'list', 'nodes')).toBe('1 no');
    expect(await canI('dev', 'get', 'pods', '--subresource=log', '-n', 'rbac-test-ns')).toBe('0 yes');
    expect(await canI('dev', 'list', 'pods', '-n', 'eks-work')).toBe('1 no');
    expect(await canI('dev', 'create', 'pods', '-n', 'rbac-test-ns')).toBe('1 no');
    expect(await canI('dev', 'get', '/version')).toBe('0 yes');
  });

  it('lists dev rules in rbac-test-ns like kubectl auth can-i --list on a real cluster', async () => {
    const { code, stdout } = await kubectl('dev', 'auth', 'can-i', '--list', '-n', 'rbac-test-ns');
    expect(code).toBe(0);
    const lines = stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines.slice(0, 5)).toEqual([
      'Resources Non-Resource URLs Resource Names Verbs',
      'selfsubjectreviews.authentication.k8s.io [] [] [create]',
      'selfsubjectaccessreviews.authorization.k8s.io [] [] [create]',
      'selfsubjectrulesreviews.authorization.k8s.io [] [] [create]',
      'bindings [] [] [get list watch]',
    ]);
    expect(lines).toContain('pods/log [] [] [get list watch]');
    expect(lines).toContain('deployments.apps [] [] [get list watch]');
    expect(lines.some((l) => l.startsWith('secrets'))).toBe(false);
  });

  it('honours impersonation only for callers allowed to impersonate', async () => {
    expect((await kubectl('dev', 'get', 'pods', '-n', 'eks-work', '--as', 'admin')).stderr).toBe(
      'Error from server (Forbidden): users "admin" is forbidden: User "dev" cannot impersonate resource "users" in API group "" at the cluster scope\n',
    );
    const r = await kubectl('admin', 'auth', 'can-i', 'list', 'pods', '-n', 'rbac-test-ns', '--as', 'dev', '--as-group', 'rbac-test-group');
    expect(`${r.code} ${r.stdout.trim()}`).toBe('0 yes');
  });
});
