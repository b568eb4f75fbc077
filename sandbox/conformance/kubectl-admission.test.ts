/**
 * kubectl against the pod admission a kube-apiserver runs by default: LimitRanger's defaults and
 * limits (plugin/pkg/admission/limitranger/admission.go) and ResourceQuota's constraints and hard
 * limits (plugin/pkg/admission/resourcequota/controller.go, pkg/quota/v1/evaluator/core/pods.go),
 * for pods kubectl creates and pods a ReplicaSet's controller creates.
 */
import { describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { useTestSandbox } from './harness';

const t = useTestSandbox({ scenario: 'default' }, (s) => s.sandbox.world.advance(60_000));

const podYaml = (namespace: string, name: string, resources: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  containers:
  - name: ${name}
    image: nginx:1.27
    resources: ${resources}
`;

// As YAML: `kubectl create quota` sends protobuf, which the sandbox does not decode.
const quotaYaml = (namespace: string) => `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: ${namespace}}\nspec: {hard: {limits.cpu: "1"}}\n`;

/** A workload of `kind` whose one nginx container is named as it is, selecting app=<name>; `spec` holds its own fields. */
const workloadYaml = (kind: string, namespace: string, name: string, spec: string, container = '') => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - {name: ${name}, image: nginx:1.27${container}}
`;

/** `kubectl describe quota`'s Resource/Used/Hard rows, as [resource, used, hard]. */
function quotaRows(describe: string): string[][] {
  const lines = describe.trimEnd().split('\n');
  const start = lines.findIndex((l) => l.startsWith('--------'));
  return lines.slice(start + 1).map((l) => l.trim().split(/\s+/));
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl against pod admission'), () => {
  it("kubectl run in rbac-test-ns gets default-limits' requests and limits and the limit-ranger annotation", async () => {
    expect((await t().kubectl('admin', ['run', 'web', '-n', 'rbac-test-ns', '--image=nginx:1.27'])).stdout).toBe('pod/web created\n');
    const pod = JSON.parse((await t().kubectl('admin', ['get', 'pod', 'web', '-n', 'rbac-test-ns', '-o', 'json'])).stdout);
    // scenario.ts default-limits: default 200m/256Mi, defaultRequest 50m/64Mi; mergeContainerResources' annotation, requests then limits.
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '200m', memory: '256Mi' }, requests: { cpu: '50m', memory: '64Mi' } });
    expect(pod.metadata.annotations).toEqual({ 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web' });
    // The QoS class is the defaulted pod's: requests below limits make it Burstable, not BestEffort.
    expect(pod.status.qosClass).toBe('Burstable');
  });

  it('kubectl describe quota counts the defaulted values: limits.cpu used is each pod its LimitRange default, not 0', async () => {
    t().sandbox.world.advance(1_000);
    const r = await t().kubectl('admin', ['describe', 'quota', 'dev-quota', '-n', 'rbac-test-ns']);
    expect(r.stderr).toBe('');
    // sample-app (50m/64Mi requested, 128Mi memory limit, 200m cpu limit defaulted) and web (all four defaulted: 50m/64Mi, 200m/256Mi); one ConfigMap, one Service.
    expect(quotaRows(r.stdout)).toEqual([
      ['configmaps', '1', '10'],
      ['limits.cpu', '400m', '2'],
      ['limits.memory', '384Mi', '2Gi'],
      ['pods', '2', '10'],
      ['requests.cpu', '100m', '1'],
      ['requests.memory', '128Mi', '1Gi'],
      ['services', '1', '5'],
    ]);
  });

  it("refuses a container past default-limits' max with LimitRanger's 403", async () => {
    const r = await t().kubectl('admin', ['create', '-f', '-'], { input: podYaml('rbac-test-ns', 'big', '{limits: {cpu: "2"}}') });
    expect(r.code).toBe(1);
    // maxConstraint's message; the 256Mi memory default keeps memory within its 1Gi max.
    expect(r.stderr).toBe('Error from server (Forbidden): error when creating "STDIN": pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2\n');
  });

  it('refuses a pod missing a resource the quota tracks, after defaulting, with "must specify"', async () => {
    expect((await t().kubectl('admin', ['create', 'namespace', 'quota-only'])).code).toBe(0);
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: quotaYaml('quota-only') })).code).toBe(0);
    t().sandbox.world.advance(1_000);
    const r = await t().kubectl('admin', ['run', 'bare', '-n', 'quota-only', '--image=nginx:1.27']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (Forbidden): pods "bare" is forbidden: failed quota: q: must specify limits.cpu for: bare\n');
  });

  it('a Deployment carries its ReplicaSet’s ReplicaFailure condition until the ReplicaSet can create its pods', async () => {
    const ns = 'quota-deploy';
    expect((await t().kubectl('admin', ['create', 'namespace', ns])).code).toBe(0);
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: quotaYaml(ns) })).code).toBe(0);
    const deploy = workloadYaml('Deployment', ns, 'big', '  replicas: 1\n', ', resources: {limits: {cpu: "2"}}');
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: deploy })).stdout).toBe('deployment.apps/big created\n');
    t().sandbox.world.advance(2_000);
    const json = async (kind: string, name: string) => JSON.parse((await t().kubectl('admin', ['get', kind, name, '-n', ns, '-o', 'json'])).stdout);
    const [rs] = JSON.parse((await t().kubectl('admin', ['get', 'rs', '-n', ns, '-o', 'json'])).stdout).items;
    const rsFailure = rs.status.conditions.find((c: { type: string }) => c.type === 'ReplicaFailure');
    // progress.go getReplicaFailures + ReplicaSetToDeploymentCondition: the same reason and message, both times from the ReplicaSet's transition.
    const failure = (await json('deployment', 'big')).status.conditions.find((c: { type: string }) => c.type === 'ReplicaFailure');
    expect(failure).toEqual({
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: rsFailure.message,
      lastUpdateTime: rsFailure.lastTransitionTime,
      lastTransitionTime: rsFailure.lastTransitionTime,
    });
    expect(rsFailure.message).toMatch(/^pods "big-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: q, requested: limits\.cpu=2, used: limits\.cpu=0, limited: limits\.cpu=1$/);

    // Without the quota the ReplicaSet's next retry creates the pod, and the condition leaves both objects.
    expect((await t().kubectl('admin', ['delete', 'resourcequota', 'q', '-n', ns])).code).toBe(0);
    t().sandbox.world.advance(180_000);
    expect((await json('rs', rs.metadata.name)).status.conditions).toBeUndefined();
    expect((await json('deployment', 'big')).status.conditions.map((c: { type: string }) => c.type)).toEqual(['Available', 'Progressing']);
  });

  it('a ReplicaSet whose pod exceeds the quota records FailedCreate with the quota message and a ReplicaFailure condition', async () => {
    const ns = 'quota-limited';
    expect((await t().kubectl('admin', ['create', 'namespace', ns])).code).toBe(0);
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: quotaYaml(ns) })).code).toBe(0);
    const range = `apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: ${ns}}\nspec:\n  limits:\n  - {type: Container, default: {cpu: 200m}}\n`;
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: range })).code).toBe(0);
    // SetDefaults_LimitRangeItem on create: the default limit is also the default request.
    const stored = JSON.parse((await t().kubectl('admin', ['get', 'limitrange', 'defaults', '-n', ns, '-o', 'json'])).stdout);
    expect(stored.spec.limits).toEqual([{ type: 'Container', default: { cpu: '200m' }, defaultRequest: { cpu: '200m' } }]);
    expect((await t().kubectl('admin', ['run', 'small', '-n', ns, '--image=nginx:1.27'])).stdout).toBe('pod/small created\n');
    t().sandbox.world.advance(1_000);
    const rs = workloadYaml('ReplicaSet', ns, 'wide', '  replicas: 1\n', ', resources: {limits: {cpu: "1"}}');
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: rs })).stdout).toBe('replicaset.apps/wide created\n');
    t().sandbox.world.advance(1_000);

    const events: { type: string; message: string; involvedObject: { kind: string; name: string }; source: { component: string } }[] = JSON.parse(
      (await t().kubectl('admin', ['get', 'events', '-n', ns, '--field-selector', 'reason=FailedCreate', '-o', 'json'])).stdout,
    ).items;
    // RealPodControl.createPods: "Error creating: %v" of the API server's refusal; each pod's name is generated before admission,
    // so each retry (the rate-limited requeue, 5 ms doubling) is a Warning of its own.
    const generated = /^Error creating: pods "wide-[bcdfghjklmnpqrstvwxz2456789]{5}" is forbidden: /;
    expect(events.length).toBeGreaterThan(1);
    expect(new Set(events.map((e) => JSON.stringify([e.type, e.involvedObject.kind, e.involvedObject.name, e.source.component, e.message.replace(generated, '')])))).toEqual(
      new Set([JSON.stringify(['Warning', 'ReplicaSet', 'wide', 'replicaset-controller', 'exceeded quota: q, requested: limits.cpu=1, used: limits.cpu=200m, limited: limits.cpu=1'])]),
    );
    expect(events.every((e) => generated.test(e.message))).toBe(true);

    const status = JSON.parse((await t().kubectl('admin', ['get', 'rs', 'wide', '-n', ns, '-o', 'json'])).stdout).status;
    expect(status.replicas).toBe(0);
    expect(status.conditions.map((c: { type: string; status: string; reason: string }) => [c.type, c.status, c.reason])).toEqual([['ReplicaFailure', 'True', 'FailedCreate']]);
    expect(status.conditions[0].message).toMatch(/^pods "wide-[a-z0-9]{5}" is forbidden: exceeded quota: q, requested: limits\.cpu=1, used: limits\.cpu=200m, limited: limits\.cpu=1$/);

    // Freeing the quota lets the next retry create the pod and clears the condition.
    expect((await t().kubectl('admin', ['delete', 'pod', 'small', '-n', ns, '--wait=false'])).code).toBe(0);
    t().sandbox.world.advance(180_000);
    const after = JSON.parse((await t().kubectl('admin', ['get', 'rs', 'wide', '-n', ns, '-o', 'json'])).stdout).status;
    expect([after.replicas, after.conditions]).toEqual([1, undefined]);
  });

  it("a StatefulSet's and a DaemonSet's refused pods are their controllers' FailedCreate warnings, in each controller's words", async () => {
    const ns = 'quota-limited';
    // The previous test left wide's one pod holding all of q's limits.cpu=1; these pods get the 200m default.
    const sts = workloadYaml('StatefulSet', ns, 'db', '  serviceName: db\n  replicas: 1\n');
    const ds = workloadYaml('DaemonSet', ns, 'agent', '');
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: sts })).code).toBe(0);
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: ds })).code).toBe(0);
    t().sandbox.world.advance(1_000);
    const warnings = (kind: string) =>
      t()
        .sandbox.world.store.list('events', ns)
        .filter((e) => e.reason === 'FailedCreate' && e.involvedObject.kind === kind)
        .map((e) => [e.type, e.source.component, e.message]);
    const quotaMessage = 'is forbidden: exceeded quota: q, requested: limits.cpu=200m, used: limits.cpu=1, limited: limits.cpu=1';
    // stateful_pod_control.go recordPodEvent: "create Pod %s in StatefulSet %s failed error: %s"; the pod's name is its ordinal's.
    expect(new Set(warnings('StatefulSet').map(String))).toEqual(
      new Set([String(['Warning', 'statefulset-controller', `create Pod db-0 in StatefulSet db failed error: pods "db-0" ${quotaMessage}`])]),
    );
    // The daemon set controller's pods go through RealPodControl, as the ReplicaSet's do.
    const daemon = warnings('DaemonSet');
    expect(daemon.length).toBeGreaterThan(0);
    for (const [type, component, message] of daemon) {
      expect([type, component]).toEqual(['Warning', 'daemonset-controller']);
      expect(message).toMatch(new RegExp(`^Error creating: pods "agent-[bcdfghjklmnpqrstvwxz2456789]{5}" ${quotaMessage.replace(/[.()]/g, '\\$&')}$`));
    }
    expect(
      t()
        .sandbox.world.store.list('pods', ns)
        .map((p) => p.metadata.name),
    ).toEqual([expect.stringMatching(/^wide-/)]);
  });
});
