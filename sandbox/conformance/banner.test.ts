/**
 * The banner's suggested commands, run through kubectl against the sandbox
 * as `npm run sandbox` starts it: each exits 0 for its user. The expected
 * lists follow the scenario's bindings (oncall: view everywhere through the
 * oncall-view ClusterRoleBinding; dev: view in rbac-test-ns only).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { bannerCommands } from '../banner';
import { startSandbox, type Sandbox } from '../index';
import { KUBECTL, SANDBOX_START_TIMEOUT_MS } from './harness';

function kubectl(sandbox: Sandbox, dir: string, user: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', sandbox.files!.kubeconfig, '--context', `sandbox-${user}`, ...args],
      { timeout: 20_000, env: { ...process.env, KUBECACHEDIR: join(dir, 'kube-cache'), HOME: dir, KUBECONFIG: '' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

describe.skipIf(!clients.kubectl().command).each(['default', 'empty'] as const)(needing(clients.kubectl(), 'the banner of the %s scenario'), (scenario) => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-banner-'));
    sandbox = await startSandbox({ mode: 'manual', scenario, dir });
    // A minute of the scenario's time, for its controllers to create the pods.
    sandbox.world.advance(60_000);
  }, SANDBOX_START_TIMEOUT_MS);
  afterAll(async () => {
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('suggests, per user, commands the seeded RBAC allows', () => {
    const commands = bannerCommands(sandbox.world.store, sandbox.users).map((c) => `${c.user}: kubectl ${c.args.join(' ')}`);
    expect(commands).toEqual(
      scenario === 'default'
        ? [
            'admin: kubectl get nodes',
            'admin: kubectl get pods -n eks-work',
            'oncall: kubectl get pods -n eks-work',
            'oncall: kubectl get deployments -n eks-work',
            'dev: kubectl get pods -n rbac-test-ns',
            'dev: kubectl auth whoami',
          ]
        : ['admin: kubectl get nodes', 'admin: kubectl get pods -n eks-work', 'oncall: kubectl auth whoami', 'dev: kubectl auth whoami'],
    );
  });

  it('suggests only commands that kubectl runs for that user', async () => {
    const outcomes: string[] = [];
    for (const c of bannerCommands(sandbox.world.store, sandbox.users)) {
      const r = await kubectl(sandbox, dir, c.user, c.args);
      const shown = r.stdout.startsWith('NAME ') ? 'a table' : r.stdout.startsWith(`ATTRIBUTE   VALUE\nUsername    ${c.user}\n`) ? 'who they are' : `stderr ${r.stderr}`;
      outcomes.push(`${c.user} ${c.args.join(' ')}: exit ${r.code}, ${shown}`);
    }
    expect(outcomes).toEqual(
      scenario === 'default'
        ? [
            'admin get nodes: exit 0, a table',
            'admin get pods -n eks-work: exit 0, a table',
            'oncall get pods -n eks-work: exit 0, a table',
            'oncall get deployments -n eks-work: exit 0, a table',
            'dev get pods -n rbac-test-ns: exit 0, a table',
            'dev auth whoami: exit 0, who they are',
          ]
        : [
            'admin get nodes: exit 0, stderr No resources found\n',
            'admin get pods -n eks-work: exit 0, stderr No resources found in eks-work namespace.\n',
            'oncall auth whoami: exit 0, who they are',
            'dev auth whoami: exit 0, who they are',
          ],
    );
  });

  it('no longer suggests listing nodes as oncall, which view does not allow', async () => {
    const r = await kubectl(sandbox, dir, 'oncall', ['get', 'nodes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "oncall" cannot list resource "nodes" in API group "" at the cluster scope\n');
  });
});
