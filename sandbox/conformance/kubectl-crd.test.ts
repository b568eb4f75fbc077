/**
 * kubectl against CustomResourceDefinitions applied to a running sandbox:
 * the kind is served once Established, prints its additionalPrinterColumns,
 * validates, prunes and defaults by its schema, scales through its scale
 * subresource, is explained from the published OpenAPI, and goes with its CRD.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { KUBECTL, startTestSandbox, type TestSandbox } from './harness';

let t: TestSandbox;

// A CRD in the shape the Kubernetes docs' CronTab example has ("Extend the Kubernetes API with CustomResourceDefinitions"), with scale and printer columns.
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames: [ct]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    additionalPrinterColumns:
    - name: Spec
      type: string
      description: The cron spec defining the interval a CronJob is run
      jsonPath: .spec.cronSpec
    - name: Replicas
      type: integer
      description: The number of jobs launched by the CronJob
      jsonPath: .spec.replicas
    - name: Image
      type: string
      priority: 1
      jsonPath: .spec.image
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the cron tab runs, and when.
            properties:
              cronSpec:
                type: string
                description: The cron schedule.
              image:
                type: string
                default: busybox:1.36
              replicas:
                type: integer
                minimum: 0
          status:
            type: object
            properties:
              replicas:
                type: integer
`;

const crontab = (name: string, replicas: string, extra = '') => `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: ${name}
  namespace: eks-work
spec:
  cronSpec: "*/5 * * * *"
  replicas: ${replicas}${extra}
`;

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl against the sandbox'), () => {
  it('serves a CRD applied to the running sandbox once it is Established', async () => {
    expect((await t.kubectl('admin', ['apply', '-f', '-'], { input: CRD })).stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
    const waited = await t.kubectl('admin', ['wait', '--for', 'condition=established', '--timeout=20s', 'crd/crontabs.stable.example.com']);
    expect(waited.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com condition met\n');
    const resources = await t.kubectl('admin', ['api-resources', '--api-group=stable.example.com', '--no-headers']);
    expect(resources.stdout.split(/\s+/).filter(Boolean)).toEqual(['crontabs', 'ct', 'stable.example.com/v1', 'true', 'CronTab']);
  });

  it('prints the field-path error kube-openapi gives for a wrongly typed field', async () => {
    const r = await t.kubectl('admin', ['create', '-f', '-'], { input: crontab('bad', '"three"') });
    // apiextensions-apiserver kubeOpenAPIResultToFieldErrors: field.TypeInvalid(path, actual type, "<path> in body must be of type <type>: \"<actual>\"").
    expect(r.stderr).toBe('The CronTab "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n');
    const below = await t.kubectl('admin', ['create', '-f', '-'], { input: crontab('neg', '-1') });
    expect(below.stderr).toBe('The CronTab "neg" is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0\n');
  });

  it('prunes an undeclared field, warns of it, and applies the schema default', async () => {
    const r = await t.kubectl('admin', ['create', '--validate=warn', '-f', '-'], { input: crontab('nightly', '2', '\n  extra: dropped') });
    expect(r.stderr).toBe('Warning: unknown field "spec.extra"\n');
    expect(r.stdout).toBe('crontab.stable.example.com/nightly created\n');
    const stored = t.sandbox.world.store.get('stable.example.com/crontabs', 'eks-work', 'nightly')!;
    expect(stored.spec).toEqual({ cronSpec: '*/5 * * * *', replicas: 2, image: 'busybox:1.36' });
  });

  it('lists the printer columns, wide ones with -o wide', async () => {
    const r = await t.kubectl('admin', ['get', 'crontabs', '-n', 'eks-work']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['NAME', 'SPEC', 'REPLICAS']);
    expect(lines[1].split(/\s{2,}/)).toEqual(['nightly', '*/5 * * * *', '2']);
    const wide = await t.kubectl('admin', ['get', 'ct', '-n', 'eks-work', '-o', 'wide']);
    expect(
      wide.stdout
        .trimEnd()
        .split('\n')[1]
        .split(/\s{2,}/),
    ).toEqual(['nightly', '*/5 * * * *', '2', 'busybox:1.36']);
  });

  it("lists custom resources with each item's own apiVersion and kind, as the API server stores them whole", async () => {
    const raw = await t.kubectl('admin', ['get', '--raw', '/apis/stable.example.com/v1/namespaces/eks-work/crontabs']);
    const list = JSON.parse(raw.stdout) as { kind: string; apiVersion: string; items: { apiVersion?: string; kind?: string; metadata: { name: string } }[] };
    expect([list.kind, list.apiVersion, list.items.map((i) => [i.apiVersion, i.kind, i.metadata.name])]).toEqual([
      'CronTabList',
      'stable.example.com/v1',
      [['stable.example.com/v1', 'CronTab', 'nightly']],
    ]);
  });

  it('scales through the scale subresource', async () => {
    expect((await t.kubectl('admin', ['scale', 'crontab/nightly', '-n', 'eks-work', '--replicas=4'])).stdout).toBe('crontab.stable.example.com/nightly scaled\n');
    expect((await t.kubectl('admin', ['get', 'crontab', 'nightly', '-n', 'eks-work', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('4');
  });

  it('explains the kind from the published schema', async () => {
    const r = await t.kubectl('admin', ['explain', 'crontab.spec']);
    expect(r.code).toBe(0);
    // kubectl's explain template (k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl) over the schema above.
    expect(r.stdout).toBe(
      'GROUP:      stable.example.com\nKIND:       CronTab\nVERSION:    v1\n\nFIELD: spec <Object>\n\n\nDESCRIPTION:\n    What the cron tab runs, and when.\n    \nFIELDS:\n  cronSpec\t<string>\n    The cron schedule.\n\n  image\t<string>\n    <no description>\n\n  replicas\t<integer>\n    <no description>\n\n\n',
    );
  });

  it("refuses a CRD whose name is not <plural>.<group>, with the API server's message", async () => {
    const r = await t.kubectl('admin', ['create', '-f', '-'], { input: CRD.replace('name: crontabs.stable.example.com', 'name: crontab.stable.example.com') });
    // apiextensions-apiserver validation.go: ValidateCustomResourceDefinition's name check.
    expect(r.stderr).toBe(
      'The CustomResourceDefinition "crontab.stable.example.com" is invalid: metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group\n',
    );
  });

  it('authorizes custom resources by group and resource: dev, with view in rbac-test-ns, may not read them until a role grants it', async () => {
    const r = await t.kubectl('dev', ['get', 'crontabs', '-n', 'rbac-test-ns']);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): crontabs.stable.example.com is forbidden: User "dev" cannot list resource "crontabs" in API group "stable.example.com" in the namespace "rbac-test-ns"\n',
    );
  });

  it('streams changes to a custom resource through a watch', async () => {
    const dir = dirname(t.kubeconfigPath);
    const watch = spawn(
      KUBECTL,
      [
        '--kubeconfig',
        t.kubeconfigPath,
        '--context',
        'sandbox-admin',
        'get',
        'crontabs',
        '-n',
        'eks-work',
        '--watch',
        '-o',
        'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas',
        '--no-headers',
      ],
      { env: { ...process.env, HOME: dir, KUBECACHEDIR: join(dir, 'kube-cache'), KUBECONFIG: '' } },
    );
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    let exited = false;
    const waiting = new Set<() => void>();
    const wake = () => waiting.forEach((w) => w());
    watch.stdout.on('data', (chunk: Buffer) => {
      // A row can arrive in two chunks: only whole lines count.
      pending += chunk.toString();
      const whole = pending.split('\n');
      pending = whole.pop()!;
      lines.push(...whole.filter(Boolean));
      wake();
    });
    watch.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    watch.on('exit', () => {
      exited = true;
      wake();
    });
    const waitForLines = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (lines.length >= n) resolve();
          else if (exited) reject(new Error(`kubectl exited after ${lines.length} lines: ${stderr}`));
          else return;
          waiting.delete(check);
        };
        waiting.add(check);
        check();
      });
    try {
      // The initial list row first: the watch is then open from the list's resourceVersion.
      await waitForLines(1);
      await t.kubectl('admin', ['patch', 'crontab', 'nightly', '-n', 'eks-work', '--type=merge', '-p', '{"spec":{"replicas":6}}']);
      await waitForLines(2);
    } finally {
      watch.kill();
    }
    expect(lines.map((l) => l.split(/\s+/))).toEqual([
      ['nightly', '4'],
      ['nightly', '6'],
    ]);
  });

  it('stops serving the kind once its CRD is deleted, and its objects go with it', async () => {
    expect((await t.kubectl('admin', ['delete', 'crd', 'crontabs.stable.example.com'])).stdout).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    const resources = await t.kubectl('admin', ['api-resources', '--api-group=stable.example.com', '--no-headers']);
    expect(resources.stdout).toBe('');
    expect(t.sandbox.world.store.holds('stable.example.com/crontabs')).toBe(false);
  });
});
