import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyConfiguration, applyConfigurationYaml, diffableYaml } from '@/lib/k8s/apply/configuration';
import { fieldConflicts } from '@/lib/k8s/apply/conflicts';
import { listAudit } from '@/server/audit/trail';
import type { ConsoleError } from '@/server/errors';
import { kubeClient } from '@/server/k8s/client';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { POST as createRoute } from './[group]/[version]/[resource]/route';
import { POST as applyRoute } from './[group]/[version]/[resource]/[name]/apply/route';

const NS = 'rbac-test-ns';
const CONFIGMAP = 'sample-app-config';
/** The scenario's sample-app-config (sandbox/world/scenario.ts). */
const GREETING = 'hello from rbac-test-ns';

describe('edit and create as YAML through the console API, against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 180_000);
  afterAll(async () => t?.close());

  const stored = () => t.sandbox.world.store.get('configmaps', NS, CONFIGMAP)!;
  const managers = () => (stored().metadata as { managedFields?: { manager: string; operation: string; fieldsV1?: { 'f:data'?: Record<string, unknown> } }[] }).managedFields ?? [];
  const edited = (data: Record<string, string>) => applyConfigurationYaml({ ...stored(), data: { ...stored().data, ...data } });
  const applyAs = (user: SandboxUserName, body: unknown, name = CONFIGMAP, namespace = NS, resource = { group: 'core', version: 'v1', resource: 'configmaps' }) =>
    callAs(t, user, 'POST', `/api/v1/clusters/${CLUSTER}/resources/x/x/x/x/apply?namespace=${namespace}`, applyRoute, params({ cluster: CLUSTER, ...resource, name }), body);
  const createAs = (user: SandboxUserName, body: unknown, namespace = NS) =>
    callAs(
      t,
      user,
      'POST',
      `/api/v1/clusters/${CLUSTER}/resources/core/v1/configmaps?namespace=${namespace}`,
      createRoute,
      params({ cluster: CLUSTER, group: 'core', version: 'v1', resource: 'configmaps' }),
      body,
    );

  it('dry-runs admin’s change to a ConfigMap: the diff shows the one changed line, and nothing is stored', async () => {
    const before = stored();
    const { status, body } = await applyAs('admin', { yaml: edited({ GREETING: 'hello, edited' }), dryRun: true });
    expect(status).toBe(200);
    // The context lines are the live object's own YAML (managedFields, resourceVersion and generation left out) around data.GREETING.
    const live = diffableYaml(before).split('\n');
    const at = live.indexOf(`  GREETING: ${GREETING}`);
    expect(body.created).toBe(false);
    expect(body.diff).toEqual([
      {
        oldStart: at - 2,
        oldLines: 7,
        newStart: at - 2,
        newLines: 7,
        lines: [
          ...live.slice(at - 3, at).map((text) => ({ kind: 'context', text })),
          { kind: 'removed', text: `  GREETING: ${GREETING}` },
          { kind: 'added', text: '  GREETING: hello, edited' },
          ...live.slice(at + 1, at + 4).map((text) => ({ kind: 'context', text })),
        ],
      },
    ]);
    expect(live.slice(at - 1, at + 2)).toEqual(['data:', `  GREETING: ${GREETING}`, '  nginx.conf: |']);
    expect(parse(body.yaml).data.GREETING).toBe('hello, edited');
    expect(stored().data.GREETING).toBe(GREETING);
    expect(stored().metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('refuses dev’s dry run in rbac-test-ns (view only) with the API server’s 403 and the missing patch', async () => {
    const { status, body } = await applyAs('dev', { yaml: edited({ GREETING: 'dev was here' }), dryRun: true });
    expect(status).toBe(403);
    expect(body.message).toBe(`configmaps "${CONFIGMAP}" is forbidden: User "dev" cannot patch resource "configmaps" in API group "" in the namespace "${NS}"`);
    expect(body.missing).toEqual({ verb: 'patch', resource: 'configmaps', subresource: '', group: '', namespace: NS, name: CONFIGMAP });
  });

  it('applies for real as the field manager watchdeck, then a change to a field another manager owns is a 409 naming it, and force takes it over', async () => {
    const applied = await applyAs('admin', { yaml: edited({ GREETING: 'hello, applied' }), dryRun: false });
    expect(applied.status).toBe(200);
    expect(applied.body.object.data.GREETING).toBe('hello, applied');
    expect(applied.body.object.metadata.managedFields).toBeUndefined();
    expect(stored().data.GREETING).toBe('hello, applied');
    expect(managers().map((m) => [m.manager, m.operation])).toContainEqual(['watchdeck', 'Apply']);

    // Another tool takes data.GREETING over (force: watchdeck shares it since the apply above), as a script with kubectl apply --server-side --force-conflicts would.
    const ops = kubeClient({ mode: 'token', token: t.token('admin') }, CLUSTER);
    await ops.patch(
      { group: '', version: 'v1', resource: 'configmaps', namespace: NS, name: CONFIGMAP },
      'apply',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CONFIGMAP }, data: { GREETING: 'from ops' } },
      { fieldManager: 'ops-script', force: true },
    );

    const conflict = await applyAs('admin', { yaml: edited({ GREETING: 'hello again' }), dryRun: true });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.status.message).toBe('Apply failed with 1 conflict: conflict with "ops-script": .data.GREETING');
    expect(conflict.body.error.status.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "ops-script"', field: '.data.GREETING' }]);
    expect(fieldConflicts(conflict.body.error.status.details.causes)).toEqual([{ field: '.data.GREETING', manager: 'ops-script', message: 'conflict with "ops-script"' }]);
    expect(stored().data.GREETING).toBe('from ops');

    const forced = await applyAs('admin', { yaml: edited({ GREETING: 'hello again' }), dryRun: false, force: true });
    expect(forced.status).toBe(200);
    expect(stored().data.GREETING).toBe('hello again');
    expect(
      managers()
        .filter((m) => m.fieldsV1?.['f:data']?.['f:GREETING'] !== undefined)
        .map((m) => m.manager),
    ).toEqual(['watchdeck']);
  });

  it('shows a 422’s field messages verbatim, each with its field', async () => {
    const config = applyConfiguration(stored());
    const bad = { ...config, metadata: { ...config.metadata, labels: { ...stored().metadata.labels, 'bad key': 'x' } } };
    const { status, body } = await applyAs('admin', { yaml: JSON.stringify(bad), dryRun: true });
    expect(status).toBe(422);
    // isQualifiedName's message (k8s.io/apimachinery validation), as the API server words it.
    expect(body.error.status.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message:
          "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        field: 'metadata.labels',
      },
    ]);
  });

  it('answers a value of the wrong type 422 with the API server’s typed-conversion message, though the API server says 500', async () => {
    const before = stored();
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${CONFIGMAP}\n  namespace: ${NS}\ndata:\n  replicas: 3\n`;
    const { status, body } = await applyAs('admin', { yaml, dryRun: true });
    // structured-merge-diff's words as kube-apiserver sends them (kubernetes/kubernetes#122480), Status kept as it came.
    expect([status, body.error.message, body.error.status.code]).toEqual([
      422,
      `failed to create typed patch object (${NS}/${CONFIGMAP}; /v1, Kind=ConfigMap): .data.replicas: expected string, got &value.valueUnstructured{Value:3}`,
      500,
    ]);
    expect(stored()).toEqual(before);
  });

  it('creates from YAML: the dry run is all added lines and stores nothing, the apply creates the object', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made-from-yaml\ndata:\n  mode: created\n';
    const dry = await createAs('admin', { yaml, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.created).toBe(true);
    expect(dry.body.diff).toHaveLength(1);
    expect(dry.body.diff[0].lines.every((l: { kind: string }) => l.kind === 'added')).toBe(true);
    expect(dry.body.diff[0].lines.map((l: { text: string }) => l.text)).toEqual(expect.arrayContaining(['  name: made-from-yaml', `  namespace: ${NS}`, '  mode: created']));
    expect(t.sandbox.world.store.get('configmaps', NS, 'made-from-yaml')).toBeUndefined();
    const created = await createAs('admin', { yaml, dryRun: false });
    expect(created.status).toBe(200);
    expect(t.sandbox.world.store.get('configmaps', NS, 'made-from-yaml')!.data).toEqual({ mode: 'created' });
  });

  it('refuses a Secret as YAML: the editor would show its values', async () => {
    const { status, body } = await applyAs('admin', { yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: sample\n', dryRun: true }, 'sample', NS, {
      group: 'core',
      version: 'v1',
      resource: 'secrets',
    });
    expect([status, body.error.message]).toEqual([400, 'Secrets are not edited as YAML here: the editor would show their values; reveal a key on the Secrets page, change it with kubectl']);
  });

  it('refuses YAML of another kind, another name, or with a syntax error, saying where', async () => {
    const cases: [string, string][] = [
      ['apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sample-app-config\n', 'the YAML is a apps/v1 Deployment, not a v1 ConfigMap'],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n', `the name of the object (other) does not match the name on the URL (${CONFIGMAP})`],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n', 'YAML line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ];
    for (const [yaml, message] of cases) {
      const { status, body } = await applyAs('admin', { yaml, dryRun: true });
      expect([status, body.error.message]).toEqual([400, message]);
    }
  });

  it('refuses dev’s create from YAML in rbac-test-ns with the missing create, dry run or not, and records the refusal', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dev-made\ndata:\n  mode: created\n';
    // forbiddenMessage's wording of the refusal, the RBAC authorizer's (k8s.io/apiserver responsewriters.Forbidden).
    const message = 'configmaps "dev-made" is forbidden: User "dev" cannot create resource "configmaps" in API group "" in the namespace "rbac-test-ns"';
    for (const dryRun of [true, false]) {
      const { status, body } = await createAs('dev', { yaml, dryRun });
      expect([status, body.message, body.missing]).toEqual([403, message, { verb: 'create', resource: 'configmaps', subresource: '', group: '', namespace: NS, name: 'dev-made' }]);
    }
    expect(t.sandbox.world.store.get('configmaps', NS, 'dev-made')).toBeUndefined();
    const entry = (await listAudit({ cluster: CLUSTER, user: 'dev' }, { limit: 1 })).entries[0];
    expect([entry.action, entry.resource, entry.namespace, entry.name, entry.status, entry.message]).toEqual(['apply', 'configmaps', NS, 'dev-made', 403, message]);
  });

  it('the API server authorizes an apply that creates as create: patch alone updates the object but cannot create one', async () => {
    const admin = kubeClient({ mode: 'token', token: t.token('admin') }, CLUSTER);
    const rbac = { group: 'rbac.authorization.k8s.io', version: 'v1', namespace: NS };
    await admin.create(
      { ...rbac, resource: 'roles' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-patcher' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['patch'] }] },
    );
    await admin.create(
      { ...rbac, resource: 'rolebindings' },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'cm-patcher' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-patcher' },
        subjects: [{ kind: 'User', name: 'dev' }],
      },
    );
    try {
      const dev = kubeClient({ mode: 'token', token: t.token('dev') }, CLUSTER);
      const applyAsDev = (name: string) =>
        dev.patch<{ data: Record<string, string> }>(
          { group: '', version: 'v1', resource: 'configmaps', namespace: NS, name },
          'apply',
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { by: 'dev' } },
          { fieldManager: 'dev' },
        );
      expect((await applyAsDev(CONFIGMAP)).data.by).toBe('dev');
      const refused = await applyAsDev('dev-new').then(
        () => ({ httpStatus: 200, status: undefined }),
        (err: ConsoleError) => err,
      );
      // handlers/patch.go withAuthorization: NewForbidden with RBAC's reason, empty when no rule matched.
      expect([refused.httpStatus, refused.status?.reason, refused.status?.message]).toEqual([403, 'Forbidden', 'configmaps "dev-new" is forbidden: ']);
      expect(t.sandbox.world.store.get('configmaps', NS, 'dev-new')).toBeUndefined();
    } finally {
      await admin.delete({ ...rbac, resource: 'rolebindings', name: 'cm-patcher' });
      await admin.delete({ ...rbac, resource: 'roles', name: 'cm-patcher' });
    }
  });
});
