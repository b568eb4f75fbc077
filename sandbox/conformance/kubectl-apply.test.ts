/**
 * kubectl apply --server-side against the sandbox: field ownership between two managers, the
 * conflict kubectl prints, --force-conflicts taking the field over, fields a manager stops
 * applying going away, and kubectl diff --server-side of an unchanged object printing nothing.
 */
import { ApiException, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { startTestSandbox, webDeployment, type TestSandbox } from './harness';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

const settings = (data: Record<string, string>) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: eks-work
data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: ${v}`)
  .join('\n')}
`;

// The ports give the applier a list keyed by two fields, containerPort and protocol.
const web = (replicas: number, image: string) => `${webDeployment(replicas, image)}        ports:
        - containerPort: 8080
`;

/** What kubectl apply adds after the server's conflict message (staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go). */
const CONFLICT_HINT = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`;

const apply = (manager: string, manifest: string, ...flags: string[]) => t.kubectl('admin', ['apply', '--server-side', `--field-manager=${manager}`, ...flags, '-f', '-'], { input: manifest });

function managedFields(resource: string, name: string) {
  const obj = t.sandbox.world.store.get(resource, 'eks-work', name)!;
  return (obj.metadata as { managedFields?: { manager: string; operation: string; fieldsV1: unknown; subresource?: string }[] }).managedFields!.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    fieldsV1: m.fieldsV1,
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl apply --server-side against the sandbox'), () => {
  it('a second manager changing a field the first applied gets kubectl conflict message, and --force-conflicts takes the field over', async () => {
    expect((await apply('alice', settings({ mode: 'fast', color: 'blue' }))).stdout).toBe('configmap/settings serverside-applied\n');
    // Each manager owns what it applied (the data map's keys; an applied set names no map itself).
    expect(managedFields('configmaps', 'settings')).toEqual([{ manager: 'alice', operation: 'Apply', fieldsV1: { 'f:data': { 'f:color': {}, 'f:mode': {} } } }]);

    const refused = await apply('bob', settings({ mode: 'slow' }));
    expect(refused.code).toBe(1);
    // NewConflictError's message for one conflict with an Apply manager: its name alone, then the field path.
    expect(refused.stderr).toBe(`error: Apply failed with 1 conflict: conflict with "alice": .data.mode\n${CONFLICT_HINT}`);
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'settings')!.data).toEqual({ mode: 'fast', color: 'blue' });

    expect((await apply('bob', settings({ mode: 'slow' }), '--force-conflicts')).stdout).toBe('configmap/settings serverside-applied\n');
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'settings')!.data).toEqual({ mode: 'slow', color: 'blue' });
    expect(managedFields('configmaps', 'settings')).toEqual([
      { manager: 'alice', operation: 'Apply', fieldsV1: { 'f:data': { 'f:color': {} } } },
      { manager: 'bob', operation: 'Apply', fieldsV1: { 'f:data': { 'f:mode': {} } } },
    ]);
  });

  it('a field its manager stops applying is removed, unless another manager owns it', async () => {
    // alice now applies only mode, with bob's value: she co-owns mode and gives up color, which nobody else owns.
    expect((await apply('alice', settings({ mode: 'slow' }))).stdout).toBe('configmap/settings serverside-applied\n');
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'settings')!.data).toEqual({ mode: 'slow' });
    // bob stops applying mode: alice still owns it, so it stays.
    expect((await apply('bob', settings({ owner: 'bob' }))).stdout).toBe('configmap/settings serverside-applied\n');
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'settings')!.data).toEqual({ mode: 'slow', owner: 'bob' });
  });

  it('kubectl diff --server-side of an unchanged object prints nothing, and of a changed one the change', async () => {
    const before = t.sandbox.world.store.get('configmaps', 'eks-work', 'settings')!.metadata.resourceVersion;
    const same = await t.kubectl('admin', ['diff', '--server-side', '--field-manager=bob', '-f', '-'], { input: settings({ owner: 'bob' }) });
    expect(same).toEqual({ code: 0, stdout: '', stderr: '' });
    // An apply that changes nothing writes nothing.
    expect((await apply('bob', settings({ owner: 'bob' }))).stdout).toBe('configmap/settings serverside-applied\n');
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'settings')!.metadata.resourceVersion).toBe(before);

    const changed = await t.kubectl('admin', ['diff', '--server-side', '--field-manager=bob', '-f', '-'], { input: settings({ owner: 'carol' }) });
    expect(changed.code).toBe(1);
    expect(changed.stdout.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['-  owner: bob', '+  owner: carol']);
  });

  it('kubectl create, scale and a server-side apply: the conflicts list each field under its manager, Update managers with their apiVersion', async () => {
    expect((await t.kubectl('admin', ['create', '-f', '-'], { input: web(2, 'nginx:1.27') })).stdout).toBe('deployment.apps/web created\n');
    expect((await t.kubectl('admin', ['scale', 'deployment/web', '-n', 'eks-work', '--replicas=3'])).stdout).toBe('deployment.apps/web scaled\n');
    const refused = await apply('kubectl', web(4, 'nginx:1.28'));
    // Managers sorted by their identifiers; kubectl scale sends no fieldManager, so its manager is the User-Agent's "kubectl".
    expect(refused.stderr).toBe(
      'error: Apply failed with 2 conflicts: conflicts with "kubectl" with subresource "scale" using apps/v1:\n' +
        '- .spec.replicas\n' +
        'conflicts with "kubectl-create" using apps/v1:\n' +
        `- .spec.template.spec.containers[name="web"].image\n${CONFLICT_HINT}`,
    );
    expect((await apply('kubectl', web(4, 'nginx:1.28'), '--force-conflicts')).stdout).toBe('deployment.apps/web serverside-applied\n');
    const dep = t.sandbox.world.store.get('apps/deployments', 'eks-work', 'web')!;
    expect([dep.spec.replicas, dep.spec.template.spec.containers[0].image]).toEqual([4, 'nginx:1.28']);
    const managers = managedFields('apps/deployments', 'web');
    expect(managers.map((m) => [m.manager, m.operation, m.subresource ?? ''])).toEqual([
      ['kubectl', 'Apply', ''],
      ['kubectl-create', 'Update', ''],
    ]);
    // The applier owns the ports by their list-map keys, containerPort and protocol (defaulted TCP).
    expect(managers[0].fieldsV1).toEqual({
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
            },
          },
        },
      },
    });
  });

  it('an apply without a field manager is refused with the API server 422', async () => {
    // kubectl always names a manager, so the request goes through client-node, which sends none unless told.
    const objects = t.config('admin').makeApiClient(KubernetesObjectApi);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'eks-work' }, data: { x: 'y' } };
    const err = await objects.patch(cm, undefined, undefined, undefined, undefined, PatchStrategy.ServerSideApply).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    const { code, body } = err as ApiException<string>;
    // errors.NewInvalid(PatchOptions, "", fieldManager Required) as the patch handler words it.
    expect([code, JSON.parse(body).message]).toEqual([422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch']);
  });
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl apply --server-side of a mistyped manifest'), () => {
  // kube-apiserver answers a configuration that does not convert to the typed object with a plain
  // error: 500 and the message alone, which kubectl prints without a reason (kubernetes/kubernetes#122480).
  it('a wrongly typed value and an undeclared field fail the apply with the typed conversion message, and nothing is stored', async () => {
    const mistyped = await apply('alice', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mistyped\n  namespace: eks-work\ndata:\n  a: 1\n`);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toBe('Error from server: failed to create typed patch object (eks-work/mistyped; /v1, Kind=ConfigMap): .data.a: expected string, got &value.valueUnstructured{Value:1}\n');
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'mistyped')).toBeUndefined();

    const both = await apply('alice', `${webDeployment(1, 'nginx:1.27')}      nodeSelectorTerms: []\n`.replace('replicas: 1', 'replicas: "two"'));
    expect(both.code).toBe(1);
    expect(both.stderr).toBe(
      [
        'Error from server: failed to create typed patch object (eks-work/web; apps/v1, Kind=Deployment): errors:',
        '  .spec.replicas: expected numeric (int or float), got string',
        '  .spec.template.spec.nodeSelectorTerms: field not declared in schema',
        '',
      ].join('\n'),
    );
  });
});
