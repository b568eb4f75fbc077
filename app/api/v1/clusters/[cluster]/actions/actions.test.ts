/**
 * The actions on one object against the sandbox: what each leaves on the object (read back from the
 * API server), the API server's 403 with the missing permission for dev (sandbox/users.ts: read-only
 * in rbac-test-ns alone), and the audit trail entry each write leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeClient } from '@/server/k8s/client';
import { forgetDiscovery } from '@/server/k8s/discovery';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as auditRoute } from '../../../audit/route';
import { GET as stateRoute, POST as actionRoute } from './[group]/[version]/[resource]/[name]/[action]/route';

type Target = { group: string; version: string; resource: string; name: string; namespace?: string };
const deployment = (name: string): Target => ({ group: 'apps', version: 'v1', resource: 'deployments', name, namespace: 'eks-work' });
const cronJob: Target = { group: 'batch', version: 'v1', resource: 'cronjobs', name: 'pingpong', namespace: 'eks-work' };

describe('actions on an object', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 120_000);
  afterAll(async () => t?.close());

  const path = (target: Target, action: string) =>
    `/api/v1/clusters/${CLUSTER}/actions/${target.group}/${target.version}/${target.resource}/${target.name}/${action}${target.namespace ? `?namespace=${target.namespace}` : ''}`;
  const ctx = (target: Target, action: string) => params({ cluster: CLUSTER, group: target.group, version: target.version, resource: target.resource, name: target.name, action });
  const act = (user: SandboxUserName, target: Target, action: string, body: unknown = {}) => callAs(t, user, 'POST', path(target, action), actionRoute, ctx(target, action), body);
  const state = (user: SandboxUserName, target: Target, action: string) => callAs(t, user, 'GET', path(target, action), stateRoute, ctx(target, action));
  const admin = () => kubeClient({ mode: 'token', token: t.token('admin') }, CLUSTER);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects read back by path in assertions
  const read = (target: Target) => admin().get<any>({ ...target, group: target.group === 'core' ? '' : target.group });
  const lastEntry = async () => (await callAs(t, 'admin', 'GET', `/api/v1/audit?cluster=${CLUSTER}&limit=1`, auditRoute, {})).body.entries[0];

  it('scales backend-app through the scale subresource, names the HPA that owns its count, and records it', async () => {
    const before = await state('admin', deployment('backend-app'), 'scale');
    // scenario.ts: the HorizontalPodAutoscaler backend-app targets Deployment backend-app, 2 to 10.
    expect(before.body.scale.autoscalers).toEqual([{ name: 'backend-app', minReplicas: 2, maxReplicas: 10 }]);
    const { status, body } = await act('admin', deployment('backend-app'), 'scale', { replicas: 4 });
    expect([status, body]).toEqual([200, { action: 'scale', result: { replicas: 4 } }]);
    expect((await read(deployment('backend-app'))).spec.replicas).toBe(4);
    expect((await state('admin', deployment('backend-app'), 'scale')).body.scale.replicas).toBe(4);
    const entry = await lastEntry();
    expect([entry.username, entry.action, entry.group, entry.resource, entry.subresource, entry.namespace, entry.name, entry.detail, entry.status]).toEqual([
      'admin',
      'scale',
      'apps',
      'deployments',
      'scale',
      'eks-work',
      'backend-app',
      { replicas: 4 },
      200,
    ]);
    expect((await state('admin', deployment('frontend-web'), 'scale')).body.scale.autoscalers).toEqual([]);
  });

  it("refuses dev's scale with the API server's 403 and the missing permission, and records the refusal", async () => {
    const { status, body } = await act('dev', deployment('backend-app'), 'scale', { replicas: 0 });
    expect(status).toBe(403);
    expect(body.missing).toEqual({ verb: 'patch', resource: 'deployments', subresource: 'scale', group: 'apps', namespace: 'eks-work', name: 'backend-app' });
    expect(body.message).toBe('deployments.apps "backend-app" is forbidden: User "dev" cannot patch resource "deployments/scale" in API group "apps" in the namespace "eks-work"');
    const entry = await lastEntry();
    expect([entry.username, entry.status, entry.message]).toEqual(['dev', 403, body.message]);
    expect((await read(deployment('backend-app'))).spec.replicas).toBe(4);
  });

  it('restarts frontend-web with the RFC 3339 restartedAt annotation kubectl sets, then undoes to the revision before', async () => {
    // The deployment controller makes revision 1's ReplicaSet once the world runs, and revision 2's after the restart.
    t.sandbox.world.advance(5_000);
    const { status, body } = await act('admin', deployment('frontend-web'), 'restart');
    expect(status).toBe(200);
    expect(body.result.restartedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect((await read(deployment('frontend-web'))).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe(body.result.restartedAt);
    t.sandbox.world.advance(5_000);
    const revisions = (await state('admin', deployment('frontend-web'), 'undo')).body.revisions;
    expect(revisions.map((r: { revision: number; current: boolean }) => [r.revision, r.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const undo = await act('admin', deployment('frontend-web'), 'undo', { toRevision: 1 });
    expect(undo.body).toEqual({ action: 'undo', result: { revision: 1, skipped: false, message: 'rolled back' } });
    const template = (await read(deployment('frontend-web'))).spec.template;
    expect(template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
    expect(template.metadata.labels['pod-template-hash']).toBeUndefined();
    const again = await act('admin', deployment('frontend-web'), 'undo', { toRevision: 99 });
    expect([again.status, again.body.error.message]).toEqual([404, 'unable to find specified revision 99 in history']);
  });

  it('undoes a StatefulSet to a chosen revision through its ControllerRevisions, as kubectl rollout undo --to-revision, refusing dev the patch', async () => {
    // A StatefulSet in rbac-test-ns, which dev may read (the view ClusterRole through rbac-test-group) but not patch.
    const cache: Target = { group: 'apps', version: 'v1', resource: 'statefulsets', name: 'cache', namespace: 'rbac-test-ns' };
    await admin().create(
      { group: 'apps', version: 'v1', resource: 'statefulsets', namespace: 'rbac-test-ns' },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'cache', namespace: 'rbac-test-ns' },
        spec: {
          replicas: 1,
          serviceName: 'cache',
          selector: { matchLabels: { app: 'cache' } },
          template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'redis', image: 'redis:7.2' }] } },
        },
      },
    );
    t.sandbox.world.advance(5_000);
    // The strategic merge patch kubectl set image sends: containers merged by name.
    await admin().patch({ ...cache }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'redis', image: 'redis:7.4' }] } } } });
    t.sandbox.world.advance(5_000);
    const summary = (revisions: { revision: number; images: string[]; current: boolean; controllerRevision: string }[]) =>
      revisions.map((r) => [r.revision, r.images, r.current, r.controllerRevision.startsWith('cache-')]);
    expect(summary((await state('admin', cache, 'undo')).body.revisions)).toEqual([
      [2, ['redis:7.4'], true, true],
      [1, ['redis:7.2'], false, true],
    ]);

    const refused = await act('dev', cache, 'undo', { toRevision: 1 });
    expect([refused.status, refused.body.missing]).toEqual([403, { verb: 'patch', resource: 'statefulsets', subresource: '', group: 'apps', namespace: 'rbac-test-ns', name: 'cache' }]);
    expect([(await lastEntry()).username, (await lastEntry()).status]).toEqual(['dev', 403]);

    const undo = await act('admin', cache, 'undo', { toRevision: 1 });
    expect([undo.status, undo.body]).toEqual([200, { action: 'undo', result: { revision: 1, skipped: false, message: 'rolled back' } }]);
    expect((await read(cache)).spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual(['redis=redis:7.2']);
    const entry = await lastEntry();
    expect([entry.username, entry.action, entry.resource, entry.namespace, entry.name, entry.detail, entry.status]).toEqual([
      'admin',
      'undo',
      'statefulsets',
      'rbac-test-ns',
      'cache',
      { toRevision: 1 },
      200,
    ]);
    // The controller gives the template it returns to the next number (pkg/controller/history: the equal revision is renumbered).
    t.sandbox.world.advance(5_000);
    expect(summary((await state('admin', cache, 'undo')).body.revisions)).toEqual([
      [3, ['redis:7.2'], true, true],
      [2, ['redis:7.4'], false, true],
    ]);
    const skipped = await act('admin', cache, 'undo', { toRevision: 3 });
    expect(skipped.body.result).toEqual({ revision: 3, skipped: true, message: 'skipped rollback (current template already matches revision 3)' });
    const missing = await act('admin', cache, 'undo', { toRevision: 1 });
    expect([missing.status, missing.body.error.message]).toEqual([404, 'unable to find specified revision 1 in history']);
  });

  it('undoes a DaemonSet to the revision before (toRevision 0) and refuses it when there is no earlier revision', async () => {
    const kubeProxy: Target = { group: 'apps', version: 'v1', resource: 'daemonsets', name: 'kube-proxy', namespace: 'kube-system' };
    t.sandbox.world.advance(5_000);
    const none = await act('admin', kubeProxy, 'undo', { toRevision: 0 });
    expect([none.status, none.body.error.message]).toEqual([404, 'no last revision to roll back to']);
    const before = (await read(kubeProxy)).spec.template.spec.containers[0].image;
    await admin().patch({ ...kubeProxy }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'kube-proxy', image: 'example.com/kube-proxy:v2' }] } } } });
    t.sandbox.world.advance(5_000);
    const undo = await act('admin', kubeProxy, 'undo', { toRevision: 0 });
    expect(undo.body.result).toEqual({ revision: 1, skipped: false, message: 'rolled back' });
    expect((await read(kubeProxy)).spec.template.spec.containers[0].image).toBe(before);
  });

  it('pauses and resumes a Deployment as kubectl does: spec.paused true, then removed', async () => {
    expect((await act('admin', deployment('frontend-web'), 'pause')).body).toEqual({ action: 'pause', result: { paused: true } });
    expect((await read(deployment('frontend-web'))).spec.paused).toBe(true);
    const refused = await act('admin', deployment('frontend-web'), 'undo', { toRevision: 0 });
    expect([refused.status, refused.body.error.kind]).toEqual([400, 'BadRequest']);
    await act('admin', deployment('frontend-web'), 'resume');
    expect((await read(deployment('frontend-web'))).spec.paused).toBeUndefined();
  });

  it('suspends and resumes the pingpong CronJob, and runs a Job from it as kubectl create job --from does', async () => {
    await act('admin', cronJob, 'suspend');
    expect((await read(cronJob)).spec.suspend).toBe(true);
    await act('admin', cronJob, 'resume');
    expect((await read(cronJob)).spec.suspend).toBe(false);
    const { status, body } = await act('admin', cronJob, 'run');
    expect(status).toBe(200);
    expect(body.result.job).toMatch(/^pingpong-manual-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const job = await read({ group: 'batch', version: 'v1', resource: 'jobs', name: body.result.job, namespace: 'eks-work' });
    const source = await read(cronJob);
    expect(job.metadata.annotations['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'pingpong', uid: source.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(job.spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual(source.spec.jobTemplate.spec.template.spec.containers.map((c: { image: string }) => c.image));
    const entry = await lastEntry();
    expect([entry.action, entry.resource, entry.name, entry.detail, entry.status]).toEqual(['run', 'cronjobs', 'pingpong', { job: body.result.job }, 201]);
  });

  it('deletes with the propagation policy asked for, and a Namespace only with its name typed back', async () => {
    const configMap: Target = { group: 'core', version: 'v1', resource: 'configmaps', name: 'backend-app-config', namespace: 'eks-work' };
    const { status, body } = await act('admin', configMap, 'delete', { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
    expect([status, body]).toEqual([200, { action: 'delete', result: { propagationPolicy: 'Background', gracePeriodSeconds: 0 } }]);
    const gone = await read(configMap).catch((e: { httpStatus: number }) => e.httpStatus);
    expect(gone).toBe(404);
    const namespace: Target = { group: 'core', version: 'v1', resource: 'namespaces', name: 'rbac-test-ns' };
    const unconfirmed = await act('admin', namespace, 'delete', { confirmName: 'rbac-test' });
    expect([unconfirmed.status, unconfirmed.body.error.message]).toEqual([400, 'deleting namespace "rbac-test-ns" needs its name typed back as confirmName']);
    expect((await read(namespace)).status.phase).toBe('Active');
  });

  it('scales a custom resource through the scale subresource its CRD declares', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } } },
          },
        ],
      },
    };
    const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
    await admin().create(crds, crd);
    // The sandbox's CRD controller marks it Established on its next turn, as the API server's does.
    for (let turn = 0; turn < 100; turn++) {
      const status = (await admin().get<{ status?: { conditions?: { type: string; status: string }[] } }>({ ...crds, name: 'widgets.example.com' })).status;
      if (status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await admin().create(
      { group: 'example.com', version: 'v1', resource: 'widgets', namespace: 'eks-work' },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { replicas: 1 } },
    );
    forgetDiscovery();
    const widget: Target = { group: 'example.com', version: 'v1', resource: 'widgets', name: 'w1', namespace: 'eks-work' };
    const { status, body } = await act('admin', widget, 'scale', { replicas: 3 });
    expect([status, body]).toEqual([200, { action: 'scale', result: { replicas: 3 } }]);
    expect((await read(widget)).spec.replicas).toBe(3);
  });

  it("refuses dev's delete of a Service in rbac-test-ns with the missing permission, and actions that do not apply with 400", async () => {
    const service: Target = { group: 'core', version: 'v1', resource: 'services', name: 'sample-app', namespace: 'rbac-test-ns' };
    const { status, body } = await act('dev', service, 'delete', {});
    expect([status, body.missing]).toEqual([403, { verb: 'delete', resource: 'services', subresource: '', group: '', namespace: 'rbac-test-ns', name: 'sample-app' }]);
    const wrong = await act('admin', service, 'scale', { replicas: 1 });
    expect([wrong.status, wrong.body.error.message]).toEqual([400, '"scale" does not apply to services']);
  });
});
