/**
 * kubectl rollout undo of a StatefulSet and a DaemonSet against the sandbox: kubectl reads the
 * ControllerRevisions the object controls (polymorphichelpers/rollback.go) and sends the chosen
 * revision's data back as a strategic merge patch, so the sandbox's revisions and patch must be
 * what kubectl expects of kube-apiserver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { startTestSandbox, type TestSandbox } from './harness';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

const workload = (kind: 'StatefulSet' | 'DaemonSet', image: string) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', namespace: 'eks-work' },
    spec: {
      ...(kind === 'StatefulSet' ? { replicas: 1, serviceName: 'web' } : {}),
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
    },
  });

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl rollout undo against the sandbox'), () => {
  for (const [kind, resource] of [
    ['StatefulSet', 'statefulset'],
    ['DaemonSet', 'daemonset'],
  ] as const) {
    it(`kubectl rollout undo ${resource} --to-revision restores the revision's image and refuses an unknown revision with kubectl's error`, async () => {
      const kubectl = (...args: string[]) => t.kubectl('admin', ['-n', 'eks-work', ...args]);
      expect((await t.kubectl('admin', ['create', '-f', '-'], { input: workload(kind, 'nginx:1.27') })).stdout).toBe(`${resource}.apps/web created\n`);
      t.sandbox.world.advance(5_000);
      expect((await kubectl('set', 'image', `${resource}/web`, 'web=nginx:1.28')).stdout).toBe(`${resource}.apps/web image updated\n`);
      t.sandbox.world.advance(5_000);

      const undo = await kubectl('rollout', 'undo', `${resource}/web`, '--to-revision=1');
      expect([undo.code, undo.stdout, undo.stderr]).toEqual([0, `${resource}.apps/web rolled back\n`, '']);
      expect((await kubectl('get', resource, 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).stdout).toBe('nginx:1.27');
      t.sandbox.world.advance(5_000);
      // The controller renumbers the revision it returns to (pkg/controller/history), so revision 1 is now 3.
      expect((await kubectl('get', 'controllerrevisions', '-o', 'jsonpath={range .items[*]}{.revision}={.data.spec.template.spec.containers[0].image} {end}')).stdout.trim().split(' ').sort()).toEqual(
        ['2=nginx:1.28', '3=nginx:1.27'],
      );

      // kubectl compares the revision's data with the object's own patch byte for byte (statefulsetMatch, daemonSetMatch).
      const skipped = await kubectl('rollout', 'undo', `${resource}/web`, '--to-revision=3');
      expect([skipped.code, skipped.stdout]).toEqual([0, `${resource}.apps/web skipped rollback (current template already matches revision 3)\n`]);
      const unknown = await kubectl('rollout', 'undo', `${resource}/web`, '--to-revision=1');
      expect([unknown.code, unknown.stderr]).toEqual([1, 'error: unable to find specified revision 1 in history\n']);
      await kubectl('delete', resource, 'web', '--wait=false');
      t.sandbox.world.advance(5_000);
    });
  }
});
