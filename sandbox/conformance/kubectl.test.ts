import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { KUBECTL, SANDBOX_START_TIMEOUT_MS, startTestSandbox, webDeployment, type TestSandbox } from './harness';
import type { NewObject } from '../kube/store';

let t: TestSandbox;

const NODE = 'ip-192-168-0-9.ap-northeast-2.compute.internal';

function node(name: string): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      capacity: { cpu: '2', memory: '8Gi', pods: '29' },
      allocatable: { cpu: '1930m', memory: '7Gi', pods: '29' },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.9-eks-113cf36',
        osImage: 'Amazon Linux 2023',
        kernelVersion: '6.1',
        containerRuntimeVersion: 'containerd://1.7',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
    },
  };
}

function runningPod(name: string, labels: Record<string, string>, lastState: object = {}): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'eks-work', labels },
    spec: { nodeName: NODE, containers: [{ name: 'app', image: 'busybox:1.36' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 1, image: 'busybox:1.36', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, lastState }],
    },
  };
}

const DEPLOYMENT = webDeployment;

beforeAll(async () => {
  t = await startTestSandbox();
  const { store, logs } = t.sandbox.world;
  store.create('nodes', node(NODE));
  store.create('pods', runningPod('api-1', { app: 'api' }, { terminated: { exitCode: 1, reason: 'Error', containerID: 'containerd://1' } }));
  store.create('pods', runningPod('api-2', { app: 'api' }));
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  logs.append({ namespace: 'eks-work', pod: 'api-1', container: 'app' }, 'crashed: connection refused', 'stderr', at(1));
  logs.rotate({ namespace: 'eks-work', pod: 'api-1', container: 'app' });
  logs.append({ namespace: 'eks-work', pod: 'api-1', container: 'app' }, 'Health GET API called.', 'stdout', at(2));
  logs.append({ namespace: 'eks-work', pod: 'api-2', container: 'app' }, 'Started in 3.2 s', 'stdout', at(3));
  t.sandbox.world.metrics = {
    windowSeconds: 15,
    podUsage: (ns, name) => (ns === 'eks-work' && name.startsWith('api-') ? [{ name: 'app', cpu: name === 'api-1' ? 250_000_000 : 5_000_000, memory: 128 * 2 ** 20 }] : undefined),
    nodeUsage: (name) => (name === NODE ? { cpu: 965_000_000, memory: 2 * 2 ** 30 } : undefined),
  };
}, SANDBOX_START_TIMEOUT_MS);
afterAll(async () => {
  await t?.close();
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl against the sandbox'), () => {
  it('prints the server version', async () => {
    const r = await t.kubectl('admin', ['version', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).serverVersion).toMatchObject({ gitVersion: 'v1.32.9-eks-113cf36', platform: 'linux/amd64' });
  });

  it('applies, reapplies and leaves an unchanged manifest alone', async () => {
    expect((await t.kubectl('admin', ['apply', '-f', '-'], { input: DEPLOYMENT(2, 'nginx:1.26') })).stdout).toBe('deployment.apps/web created\n');
    expect((await t.kubectl('admin', ['apply', '-f', '-'], { input: DEPLOYMENT(3, 'nginx:1.27') })).stdout).toBe('deployment.apps/web configured\n');
    expect((await t.kubectl('admin', ['apply', '-f', '-'], { input: DEPLOYMENT(3, 'nginx:1.27') })).stdout).toBe('deployment.apps/web unchanged\n');
    const r = await t.kubectl('admin', ['get', 'deployment', 'web', '-n', 'eks-work', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.generation}']);
    expect(r.stdout).toBe('3 nginx:1.27 2');
  });

  it('refuses unknown fields with strict validation and warns with --validate=warn', async () => {
    const typo = DEPLOYMENT(1, 'nginx:1.27').replace('name: web', 'name: typo').replace('replicas: 1', 'replica: 1');
    const strict = await t.kubectl('admin', ['create', '-f', '-'], { input: typo });
    expect(strict.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n',
    );
    const warned = await t.kubectl('admin', ['create', '--validate=warn', '-f', '-'], { input: typo });
    expect(warned.stderr).toBe('Warning: unknown field "spec.replica"\n');
    expect(warned.stdout).toBe('deployment.apps/typo created\n');
    expect(t.sandbox.world.store.get('apps/deployments', 'eks-work', 'typo')!.spec.replica).toBeUndefined();
    const patch = await t.kubectl('admin', ['patch', 'deployment', 'typo', '-n', 'eks-work', '-p', '{"spec":{"paused":true,"replica":2}}']);
    expect(patch.stderr).toBe('Warning: unknown field "spec.replica"\n');
    expect(t.sandbox.world.store.get('apps/deployments', 'eks-work', 'typo')!.spec).toMatchObject({ paused: true, replicas: 1 });
    const applied = await t.kubectl('admin', ['apply', '-f', '-'], { input: typo.replace('replica: 1', 'replica: 1\n  paused: true') });
    expect(applied.stderr).toContain('The request is invalid: patch: Invalid value: "map[');
    expect(applied.stderr).toContain('strict decoding error: unknown field "spec.replica"');
  });

  it("stores a secret's stringData as base64 data", async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: eks-work}\nstringData: {password: s3cret}\ndata: {user: YWRtaW4=}\n';
    expect((await t.kubectl('admin', ['apply', '-f', '-'], { input: secret })).stdout).toBe('secret/creds created\n');
    const stored = t.sandbox.world.store.get('secrets', 'eks-work', 'creds')!;
    expect(stored.data).toEqual({ user: 'YWRtaW4=', password: 'czNjcmV0' });
    expect(stored.type).toBe('Opaque');
    expect(stored.stringData).toBeUndefined();
  });

  it('scales a deployment through the scale subresource', async () => {
    expect((await t.kubectl('admin', ['scale', 'deployment/web', '-n', 'eks-work', '--replicas=5'])).stdout).toBe('deployment.apps/web scaled\n');
    expect((await t.kubectl('admin', ['get', 'deploy', 'web', '-n', 'eks-work', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('5');
  });

  it('lists pods with the server-side table columns', async () => {
    const r = await t.kubectl('admin', ['get', 'pods', '-n', 'eks-work', '-l', 'app=api']);
    expect(r.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(
      r.stdout
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(/\s+/).slice(0, 3)),
    ).toEqual([
      ['api-1', '1/1', 'Running'],
      ['api-2', '1/1', 'Running'],
    ]);
  });

  it('describes a deployment', async () => {
    const r = await t.kubectl('admin', ['describe', 'deployment', 'web', '-n', 'eks-work']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+web$/m);
    expect(r.stdout).toMatch(/^Replicas:\s+5 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
    expect(r.stdout).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
  });

  it('reports create errors as the API server words them', async () => {
    const dup = await t.kubectl('admin', ['create', 'deployment', 'web', '-n', 'eks-work', '--image=nginx']);
    expect(dup.stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    const invalid = await t.kubectl('admin', ['create', 'configmap', 'Bad_Name', '-n', 'eks-work', '--from-literal=a=b']);
    expect(invalid.stderr).toContain('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of');
    const missing = await t.kubectl('admin', ['get', 'pod', 'ghost', '-n', 'eks-work']);
    expect(missing.stderr).toBe('Error from server (NotFound): pods "ghost" not found\n');
  });

  it('creates objects through the typed commands kubectl sends as protobuf', async () => {
    expect((await t.kubectl('admin', ['create', 'namespace', 'scratch'])).stdout).toBe('namespace/scratch created\n');
    expect((await t.kubectl('admin', ['create', 'configmap', 'settings', '-n', 'scratch', '--from-literal=mode=fast'])).stdout).toBe('configmap/settings created\n');
    expect(t.sandbox.world.store.get('configmaps', 'scratch', 'settings')!.data).toEqual({ mode: 'fast' });
    expect((await t.kubectl('admin', ['create', 'secret', 'generic', 'token', '-n', 'scratch', '--from-literal=k=v'])).stdout).toBe('secret/token created\n');
    expect(t.sandbox.world.store.get('secrets', 'scratch', 'token')!.data).toEqual({ k: 'dg==' });
    expect((await t.kubectl('admin', ['create', 'rolebinding', 'viewers', '-n', 'scratch', '--clusterrole=view', '--group=oncall'])).stdout).toBe(
      'rolebinding.rbac.authorization.k8s.io/viewers created\n',
    );
    expect(t.sandbox.world.store.get('rbac.authorization.k8s.io/rolebindings', 'scratch', 'viewers')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oncall' }],
    });
    expect((await t.kubectl('admin', ['create', 'deployment', 'api', '-n', 'scratch', '--image=nginx:1.27', '--replicas=2', '--port=8080'])).stdout).toBe('deployment.apps/api created\n');
    expect(t.sandbox.world.store.get('apps/deployments', 'scratch', 'api')!.spec).toMatchObject({
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } },
    });
  });

  it('creates jobs and cron jobs with kubectl create', async () => {
    expect((await t.kubectl('admin', ['create', 'job', 'once', '-n', 'scratch', '--image=busybox:1.36', '--', 'echo', 'hi'])).stdout).toBe('job.batch/once created\n');
    expect(t.sandbox.world.store.get('batch/jobs', 'scratch', 'once')!.spec.template.spec).toMatchObject({
      containers: [{ name: 'once', image: 'busybox:1.36', command: ['echo', 'hi'] }],
      restartPolicy: 'Never',
    });
    const cron = await t.kubectl('admin', ['create', 'cronjob', 'tick', '-n', 'scratch', '--image=busybox:1.36', '--schedule=*/5 * * * *']);
    expect(cron.stdout).toBe('cronjob.batch/tick created\n');
    expect(t.sandbox.world.store.get('batch/cronjobs', 'scratch', 'tick')!.spec).toMatchObject({
      schedule: '*/5 * * * *',
      jobTemplate: { metadata: { name: 'tick' }, spec: { template: { spec: { containers: [{ name: 'tick', image: 'busybox:1.36' }], restartPolicy: 'OnFailure' } } } },
    });
    expect((await t.kubectl('admin', ['create', 'job', 'tick-manual', '-n', 'scratch', '--from=cronjob/tick'])).stdout).toBe('job.batch/tick-manual created\n');
    const cronJob = t.sandbox.world.store.get('batch/cronjobs', 'scratch', 'tick')!;
    const manual = t.sandbox.world.store.get('batch/jobs', 'scratch', 'tick-manual')!;
    expect(manual.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(manual.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cronJob.metadata.uid, controller: true }]);
    expect(manual.spec.template.spec).toEqual(cronJob.spec.jobTemplate.spec.template.spec);
  });

  it('creates services and disruption budgets with kubectl create', async () => {
    expect((await t.kubectl('admin', ['create', 'service', 'nodeport', 'api', '-n', 'scratch', '--tcp=80:8080'])).stdout).toBe('service/api created\n');
    expect(t.sandbox.world.store.get('services', 'scratch', 'api')!.spec).toMatchObject({
      type: 'NodePort',
      selector: { app: 'api' },
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
    });
    expect((await t.kubectl('admin', ['create', 'pdb', 'api', '-n', 'scratch', '--selector=app=api', '--max-unavailable=25%'])).stdout).toBe('poddisruptionbudget.policy/api created\n');
    expect(t.sandbox.world.store.get('policy/poddisruptionbudgets', 'scratch', 'api')!.spec).toEqual({ selector: { matchLabels: { app: 'api' } }, maxUnavailable: '25%' });
  });

  it('creates an autoscaler with kubectl autoscale', async () => {
    expect((await t.kubectl('admin', ['autoscale', 'deployment', 'api', '-n', 'scratch', '--min=2', '--max=5', '--cpu-percent=70'])).stdout).toBe(
      'horizontalpodautoscaler.autoscaling/api autoscaled\n',
    );
    expect(t.sandbox.world.store.get('autoscaling/horizontalpodautoscalers', 'scratch', 'api')!.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  it('applies a StorageClass, a claim and a pod on it: the claim Pending, the pod refused for it', async () => {
    const manifests = [
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: efs-sc\nprovisioner: efs.csi.aws.com',
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: archive\n  namespace: eks-work\nspec:\n  accessModes: [ReadWriteMany]\n  storageClassName: efs-sc\n  resources:\n    requests:\n      storage: 5Gi',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: archiver\n  namespace: eks-work\nspec:\n  volumes:\n  - name: a\n    persistentVolumeClaim:\n      claimName: archive\n  containers:\n  - name: app\n    image: busybox:1.36',
    ].join('\n---\n');
    expect((await t.kubectl('admin', ['apply', '-f', '-'], { input: manifests })).stdout).toBe(
      'storageclass.storage.k8s.io/efs-sc created\npersistentvolumeclaim/archive created\npod/archiver created\n',
    );
    const sc = (await t.kubectl('admin', ['get', 'sc', 'efs-sc', '--no-headers'])).stdout;
    expect(sc.split(/\s+/).slice(0, 5)).toEqual(['efs-sc', 'efs.csi.aws.com', 'Delete', 'Immediate', 'false']);
    const pvc = (await t.kubectl('admin', ['get', 'pvc', 'archive', '-n', 'eks-work', '-o', 'wide'])).stdout;
    expect(pvc.split('\n')[1].split(/\s+/)).toEqual(['archive', 'Pending', 'efs-sc', '<unset>', expect.stringMatching(/^\d+s$/), 'Filesystem']);
    t.sandbox.world.advance(1_000);
    const nodes = t.sandbox.world.store.count('nodes');
    // The empty scenario has no nodes; beforeAll adds the one, NODE.
    expect(nodes).toBe(1);
    const scheduled = t.sandbox.world.store.get('pods', 'eks-work', 'archiver')!.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled');
    expect(scheduled.message).toBe(
      `0/${nodes} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`,
    );
  });

  it('deletes a pod', async () => {
    await t.kubectl('admin', ['run', 'doomed', '-n', 'eks-work', '--image=busybox']);
    const r = await t.kubectl('admin', ['delete', 'pod', 'doomed', '-n', 'eks-work']);
    expect(r.stdout).toBe('pod "doomed" deleted\n');
    expect(t.sandbox.world.store.get('pods', 'eks-work', 'doomed')).toBeUndefined();
  });

  it('reads logs, previous logs and logs by label', async () => {
    expect((await t.kubectl('admin', ['logs', 'api-1', '-n', 'eks-work'])).stdout).toBe('Health GET API called.\n');
    expect((await t.kubectl('admin', ['logs', 'api-1', '-n', 'eks-work', '--previous'])).stdout).toBe('crashed: connection refused\n');
    // kubectl reads the pods one after another in Go map order, which varies from run to run.
    const byLabel = (await t.kubectl('admin', ['logs', '-l', 'app=api', '-n', 'eks-work', '--prefix'])).stdout;
    expect(byLabel.endsWith('\n')).toBe(true);
    expect(byLabel.trimEnd().split('\n').sort()).toEqual(['[pod/api-1/app] Health GET API called.', '[pod/api-2/app] Started in 3.2 s']);
    const previous = await t.kubectl('admin', ['logs', 'api-2', '-n', 'eks-work', '--previous']);
    expect(previous.stderr).toBe('Error from server (BadRequest): previous terminated container "app" in pod "api-2" not found\n');
  });

  it('follows logs as lines arrive', async () => {
    const child = spawn(KUBECTL, ['--kubeconfig', t.kubeconfigPath, '--context', 'sandbox-admin', 'logs', '-f', 'api-2', '-n', 'eks-work', '--tail=0']);
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const ref = { namespace: 'eks-work', pod: 'api-2', container: 'app' };
    try {
      // --tail=0 skips what came before kubectl's stream opened: append numbered lines until the first one shows.
      let sent = 0;
      await expect
        .poll(
          () => {
            t.sandbox.world.logs.append(ref, `line ${++sent}`);
            return out.length > 0;
          },
          { timeout: 20_000, interval: 100 },
        )
        .toBe(true);
      t.sandbox.world.logs.append(ref, 'followed line');
      await expect.poll(() => out.endsWith('followed line\n'), { timeout: 10_000 }).toBe(true);
      // From the first line it printed, every line arrives once and in order.
      const first = Number(/^line (\d+)\n/.exec(out)![1]);
      expect(out).toBe([...Array.from({ length: sent - first + 1 }, (_, i) => `line ${first + i}`), 'followed line', ''].join('\n'));
    } finally {
      child.kill();
    }
  });

  it('shows pod and node usage with kubectl top', async () => {
    const pods = await t.kubectl('admin', ['top', 'pods', '-n', 'eks-work', '-l', 'app=api']);
    expect(pods.stdout.split('\n').map((l) => l.trim().split(/\s+/))).toEqual([['NAME', 'CPU(cores)', 'MEMORY(bytes)'], ['api-1', '250m', '128Mi'], ['api-2', '5m', '128Mi'], ['']]);
    const nodes = await t.kubectl('admin', ['top', 'nodes']);
    expect(nodes.stdout.split('\n')[1].trim().split(/\s+/)).toEqual([NODE, '965m', '50%', '2048Mi', '28%']);
  });

  it('answers auth can-i from RBAC for dev', async () => {
    expect((await t.kubectl('dev', ['auth', 'can-i', 'list', 'pods', '-n', 'rbac-test-ns'])).stdout).toBe('yes\n');
    const no = await t.kubectl('dev', ['auth', 'can-i', 'list', 'pods', '-n', 'eks-work']);
    expect(no.stdout).toBe('no\n');
    expect(no.code).toBe(1);
    const list = await t.kubectl('dev', ['auth', 'can-i', '--list', '-n', 'rbac-test-ns']);
    expect(list.stdout).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  });

  it('shows dev the Forbidden message for eks-work', async () => {
    const r = await t.kubectl('dev', ['get', 'pods', '-n', 'eks-work']);
    expect(r.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"\n');
  });

  it('lets admin impersonate and refuses dev', async () => {
    const asDev = await t.kubectl('admin', ['get', 'nodes', '--as=dev', '--as-group=rbac-test-group']);
    expect(asDev.stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope\n');
    const refused = await t.kubectl('dev', ['get', 'pods', '-n', 'rbac-test-ns', '--as=admin']);
    expect(refused.stderr).toBe('Error from server (Forbidden): users "admin" is forbidden: User "dev" cannot impersonate resource "users" in API group "" at the cluster scope\n');
  });

  it('issues service account tokens the server then accepts', async () => {
    expect((await t.kubectl('admin', ['create', 'serviceaccount', 'robot', '-n', 'eks-work'])).stdout).toBe('serviceaccount/robot created\n');
    const token = (await t.kubectl('admin', ['create', 'token', 'robot', '-n', 'eks-work', '--duration=1h'])).stdout.trim();
    expect(token).toMatch(/^sa\.[\w-]{43}$/);
    const whoami = await t.kubectl('admin', ['auth', 'whoami', `--token=${token}`, '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}']);
    expect(whoami.stdout).toBe('system:serviceaccount:eks-work:robot ["system:serviceaccounts","system:serviceaccounts:eks-work","system:authenticated"]');
    const short = await t.kubectl('admin', ['create', 'token', 'robot', '-n', 'eks-work', '--duration=1m']);
    expect(short.stderr).toBe(
      'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes\n',
    );
  });

  it('is refused with a bad token', async () => {
    const r = await t.kubectl('admin', ['get', 'pods', '--token=wrong']);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('error: You must be logged in to the server (Unauthorized)');
  });
});
