import { describe, expect, it } from 'vitest';
import { findResourceType, RESOURCE_TYPES } from '../resources';
import type { KubeObject } from '../store';
import { toTable } from './index';
import { formatHpaMetrics } from './policy';
import { canonicalQuantity } from '@/lib/k8s/quantity';

const now = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function meta(name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject['metadata'] {
  return { name, namespace: 'eks-work', uid: `uid-${name}`, resourceVersion: '42', creationTimestamp: ago(3 * DAY + 4 * HOUR), ...extra };
}

type Table = {
  kind: string;
  metadata: Record<string, unknown>;
  columnDefinitions: { name: string; priority: number; type: string }[];
  rows: { cells: unknown[]; object?: unknown; conditions?: unknown[] }[];
};

function table(group: string, plural: string, objects: KubeObject[], includeObject: 'None' | 'Metadata' | 'Object' = 'None', listMeta?: { resourceVersion: string; continue?: string }): Table {
  return toTable(findResourceType(group, plural)!, objects, listMeta, { includeObject, now }) as Table;
}

const header = (t: Table) => t.columnDefinitions.map((c) => (c.priority ? `(${c.name})` : c.name));

describe('toTable: pods', () => {
  const crashing: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('backend-app-7d9f8c6b5-x2k4p'),
    spec: { nodeName: 'ip-10-0-1-23.ap-northeast-2.compute.internal', containers: [{ name: 'app' }] },
    status: {
      phase: 'Running',
      podIP: '10.0.1.15',
      podIPs: [{ ip: '10.0.1.15' }],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 7,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(2 * MIN + 10_000) } },
        },
      ],
    },
  };

  it('has kubectl get pods columns, wide ones at priority 1', () => {
    expect(header(table('', 'pods', [crashing]))).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', '(IP)', '(Node)', '(Nominated Node)', '(Readiness Gates)']);
  });

  it('prints a crash-looping pod as kubectl does', () => {
    expect(table('', 'pods', [crashing]).rows[0].cells).toEqual([
      'backend-app-7d9f8c6b5-x2k4p',
      '0/1',
      'CrashLoopBackOff',
      '7 (2m10s ago)',
      '3d4h',
      '10.0.1.15',
      'ip-10-0-1-23.ap-northeast-2.compute.internal',
      '<none>',
      '<none>',
    ]);
  });

  it('marks a succeeded pod completed and prints <none> for missing IP and node', () => {
    const done: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('job-abc'),
      spec: { containers: [{ name: 'c' }], readinessGates: [{ conditionType: 'example.com/ready' }] },
      status: { phase: 'Succeeded', conditions: [{ type: 'example.com/ready', status: 'True' }], containerStatuses: [{ name: 'c', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] },
    };
    const row = table('', 'pods', [done]).rows[0];
    expect(row.cells).toEqual(['job-abc', '0/1', 'Completed', '0', '3d4h', '<none>', '<none>', '<none>', '1/1']);
    expect(row.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  });
});

describe('toTable: other kinds', () => {
  it('nodes: status with SchedulingDisabled, roles, version and wide details', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { ...meta('ip-10-0-3-67'), namespace: undefined, labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'spot' } },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        addresses: [{ type: 'InternalIP', address: '10.0.3.67' }],
        nodeInfo: { kubeletVersion: 'v1.32.3-eks-473151a', osImage: 'Amazon Linux 2023', kernelVersion: '6.1.130', containerRuntimeVersion: 'containerd://1.7.27' },
      },
    };
    const t = table('', 'nodes', [node]);
    expect(header(t)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', '(Internal-IP)', '(External-IP)', '(OS-Image)', '(Kernel-Version)', '(Container-Runtime)']);
    expect(t.rows[0].cells).toEqual([
      'ip-10-0-3-67',
      'NotReady,SchedulingDisabled',
      'spot,worker',
      '3d4h',
      'v1.32.3-eks-473151a',
      '10.0.3.67',
      '<none>',
      'Amazon Linux 2023',
      '6.1.130',
      'containerd://1.7.27',
    ]);
  });

  it('events: LAST SEEN TYPE REASON OBJECT MESSAGE, the rest wide', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('backend-app.17f'),
      involvedObject: { kind: 'Pod', name: 'backend-app-x', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod backend-app-x_eks-work(uid)\n',
      type: 'Warning',
      source: { component: 'kubelet', host: 'ip-10-0-1-23' },
      firstTimestamp: ago(HOUR),
      lastTimestamp: ago(30_000),
      count: 14,
    };
    const t = table('', 'events', [event]);
    expect(header(t)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', '(Subobject)', '(Source)', 'Message', '(First Seen)', '(Count)', '(Name)']);
    expect(t.rows[0].cells).toEqual([
      '30s',
      'Warning',
      'BackOff',
      'pod/backend-app-x',
      'spec.containers{app}',
      'kubelet, ip-10-0-1-23',
      'Back-off restarting failed container app in pod backend-app-x_eks-work(uid)',
      '60m',
      14,
      'backend-app.17f',
    ]);
  });

  it('deployments: READY UP-TO-DATE AVAILABLE AGE and the selector', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('backend-app'),
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'backend-app' } },
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'backend:1.4' },
              { name: 'proxy', image: 'envoy:1.30' },
            ],
          },
        },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    const t = table('apps', 'deployments', [d]);
    expect(header(t)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', '(Containers)', '(Images)', '(Selector)']);
    expect(t.rows[0].cells).toEqual(['backend-app', '2/3', 3, 2, '3d4h', 'app,proxy', 'backend:1.4,envoy:1.30', 'app=backend-app']);
  });

  it('jobs: STATUS COMPLETIONS DURATION AGE', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('report'),
      spec: { completions: 3, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: { spec: { containers: [{ name: 'r', image: 'report:2' }] } } },
      status: { succeeded: 3, startTime: ago(10 * MIN), completionTime: ago(10 * MIN - 95_000), conditions: [{ type: 'Complete', status: 'True' }] },
    };
    const running: KubeObject = { ...job, metadata: meta('adhoc'), spec: { parallelism: 2, template: job.spec.template }, status: { active: 2, startTime: ago(5 * MIN + 30_000) } };
    const t = table('batch', 'jobs', [job, running]);
    expect(header(t)).toEqual(['Name', 'Status', 'Completions', 'Duration', 'Age', '(Containers)', '(Images)', '(Selector)']);
    expect(t.rows.map((r) => r.cells.slice(0, 5))).toEqual([
      ['report', 'Complete', '3/3', '95s', '3d4h'],
      ['adhoc', 'Running', '0/1 of 2', '5m30s', '3d4h'],
    ]);
  });

  it('cronjobs: schedule, timezone, suspend, active and last schedule', () => {
    const cj: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('cleanup'),
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } },
      status: { active: [{ name: 'cleanup-1' }], lastScheduleTime: ago(3 * MIN) },
    };
    expect(table('batch', 'cronjobs', [cj]).rows[0].cells).toEqual(['cleanup', '*/5 * * * *', '<none>', 'False', 1, '3m', '3d4h', 'c', 'busybox', '<none>']);
  });

  it('horizontal pod autoscalers print TARGETS as upstream formats metrics', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('backend-app'),
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'backend-app', apiVersion: 'apps/v1' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: { currentReplicas: 4, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 87, averageValue: '174m' } } }] },
    };
    const t = table('autoscaling', 'horizontalpodautoscalers', [hpa]);
    expect(header(t)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
    expect(t.rows[0].cells).toEqual(['backend-app', 'Deployment/backend-app', 'cpu: 87%/50%', '2', 10, 4, '3d4h']);
  });

  it('services: type, cluster IP, external IP and ports', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('backend-app'),
      spec: {
        type: 'NodePort',
        clusterIPs: ['172.20.14.3'],
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 9090, protocol: 'TCP' },
        ],
        selector: { app: 'backend-app' },
      },
    };
    const lb: KubeObject = {
      ...svc,
      metadata: meta('public'),
      spec: { ...svc.spec, type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ hostname: 'a1b2c3d4e5f6-123456789.ap-northeast-2.elb.amazonaws.com' }] } },
    };
    expect(table('', 'services', [svc, lb]).rows.map((r) => r.cells)).toEqual([
      ['backend-app', 'NodePort', '172.20.14.3', '<none>', '80:30080/TCP,9090/TCP', '3d4h', 'app=backend-app'],
      ['public', 'LoadBalancer', '172.20.14.3', 'a1b2c3d4e5f6-123456789.ap-northeast-2.elb.amazonaws.com', '80:30080/TCP,9090/TCP', '3d4h', 'app=backend-app'],
    ]);
  });

  it('persistent volume claims and storage classes as kubectl get pvc and get sc print them', () => {
    const pending: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('report-archive'),
      spec: { accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc', volumeMode: 'Filesystem', resources: { requests: { storage: '5Gi' } } },
      status: { phase: 'Pending' },
    };
    const bound: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('data-postgres-0', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'gp2' } }),
      spec: { accessModes: ['ReadWriteOnce'], volumeName: 'pvc-0d5c', resources: { requests: { storage: '10Gi' } } },
      status: { phase: 'Bound', accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'], capacity: { storage: '10Gi' } },
    };
    const pvcs = table('', 'persistentvolumeclaims', [pending, bound]);
    expect(header(pvcs)).toEqual(['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', '(VolumeMode)']);
    expect(pvcs.rows.map((r) => r.cells)).toEqual([
      ['report-archive', 'Pending', '', '', '', 'efs-sc', '<unset>', '3d4h', 'Filesystem'],
      ['data-postgres-0', 'Bound', 'pvc-0d5c', '10Gi', 'RWO,RWOP', 'gp2', '<unset>', '3d4h', '<unset>'],
    ]);
    const classes = table('storage.k8s.io', 'storageclasses', [
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: meta('gp2', { namespace: undefined, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
        provisioner: 'kubernetes.io/aws-ebs',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: meta('efs-sc', { namespace: undefined }),
        provisioner: 'efs.csi.aws.com',
        reclaimPolicy: 'Retain',
        allowVolumeExpansion: true,
      },
    ]);
    expect(header(classes)).toEqual(['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
    expect(classes.rows.map((r) => r.cells)).toEqual([
      ['gp2 (default)', 'kubernetes.io/aws-ebs', 'Delete', 'WaitForFirstConsumer', false, '3d4h'],
      ['efs-sc', 'efs.csi.aws.com', 'Retain', 'Immediate', true, '3d4h'],
    ]);
  });

  it('leases: NAME, HOLDER, AGE as printLease, the holder empty once released', () => {
    const lease = (holderIdentity?: string): KubeObject => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: meta('watchdeck-hpa-recorder'),
      spec: { ...(holderIdentity !== undefined ? { holderIdentity } : {}), leaseDurationSeconds: 15 },
    });
    const printed = table('coordination.k8s.io', 'leases', [lease('console-a_1'), lease()]);
    expect(printed.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Holder', 'Age']);
    expect(printed.rows.map((r) => r.cells)).toEqual([
      ['watchdeck-hpa-recorder', 'console-a_1', '3d4h'],
      ['watchdeck-hpa-recorder', '', '3d4h'],
    ]);
  });

  it('configmaps, secrets and role bindings', () => {
    expect(table('', 'configmaps', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }]).rows[0].cells).toEqual(['cfg', 3, '3d4h']);
    expect(table('', 'secrets', [{ apiVersion: 'v1', kind: 'Secret', metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }]).rows[0].cells).toEqual([
      'tls',
      'kubernetes.io/tls',
      2,
      '3d4h',
    ]);
    const rb: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('dev-view'),
      roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [
        { kind: 'User', name: 'dev' },
        { kind: 'Group', name: 'rbac-test-group' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'rbac-test-ns' },
      ],
    };
    expect(table('rbac.authorization.k8s.io', 'rolebindings', [rb]).rows[0].cells).toEqual(['dev-view', 'ClusterRole/view', '3d4h', 'dev', 'rbac-test-group', 'rbac-test-ns/ci']);
  });

  it('kinds without a printer get NAME and CREATED AT', () => {
    const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { ...meta('view'), namespace: undefined }, rules: [] };
    const t = table('rbac.authorization.k8s.io', 'clusterroles', [role]);
    expect(t.columnDefinitions.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Created At', 'date'],
    ]);
    expect(t.rows[0].cells).toEqual(['view', ago(3 * DAY + 4 * HOUR)]);
  });
});

describe('toTable: metadata and row objects', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: {} };

  it('carries the list metadata, or the object resourceVersion for one object', () => {
    expect(table('', 'configmaps', [cm], 'None', { resourceVersion: '99', continue: 'abc' }).metadata).toEqual({ resourceVersion: '99', continue: 'abc' });
    expect(table('', 'configmaps', [cm]).metadata).toEqual({ resourceVersion: '42' });
  });

  it('includes PartialObjectMetadata, the object, or nothing', () => {
    expect(table('', 'configmaps', [cm], 'Metadata').rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata });
    expect(table('', 'configmaps', [cm], 'Object').rows[0].object).toBe(cm);
    expect(table('', 'configmaps', [cm], 'None').rows[0]).toEqual({ cells: ['cfg', 0, '3d4h'] });
  });
});

describe('quantities and HPA targets', () => {
  it('canonicalizes quantities as resource.Quantity.String()', () => {
    expect(['0.5', '1500m', '2000', '1024Mi', '1536Mi', '1.5Gi', '100m', '0', '250e-3', '1e3', '0.5Ki', '1000Ki'].map(canonicalQuantity)).toEqual([
      '500m',
      '1500m',
      '2k',
      '1Gi',
      '1536Mi',
      '1536Mi',
      '100m',
      '0',
      '250e-3',
      '1e3',
      '512',
      '1000Ki',
    ]);
  });

  it('formats value, average value, unknown and overflowing metrics', () => {
    const specs = [
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
    ];
    expect(formatHpaMetrics(specs, [])).toBe('memory: <unknown>/512Mi, <unknown>/100 + 1 more...');
    expect(
      formatHpaMetrics(specs.slice(0, 2), [
        { type: 'Resource', resource: { name: 'memory', current: { averageValue: '268435456' } } },
        { type: 'Pods', pods: { current: { averageValue: '0.5' } } },
      ]),
    ).toBe('memory: 268435456/512Mi, 500m/100');
    expect(formatHpaMetrics([], [])).toBe('<none>');
    expect(formatHpaMetrics([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }], [])).toBe('cpu: <unknown>/<auto>');
  });
});

describe('toTable: sparse objects', () => {
  it('prints a row with one cell per column for every served kind, even without spec or status', () => {
    for (const type of RESOURCE_TYPES) {
      const bare: KubeObject = { apiVersion: 'v1', kind: type.kind, metadata: meta(`bare-${type.plural}`) };
      const t = toTable(type, [bare], undefined, { includeObject: 'None', now }) as Table;
      expect(t.rows[0].cells, type.plural).toHaveLength(t.columnDefinitions.length);
    }
  });
});
