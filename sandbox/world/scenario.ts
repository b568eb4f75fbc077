/**
 * The default scenario, from the operations notes: cluster eks-work-cluster
 * with three m5.large nodes in ap-northeast-2a/b/c and a fourth tainted
 * dedicated=true:NoSchedule; the EKS add-ons and Container Insights agents;
 * backend-app with its Service, HPA under a load that rises and falls, PDB,
 * NetworkPolicy and Ingress; a canary in CrashLoopBackOff, a bad image,
 * pods Pending for CPU and for the taint, an OOMKilled report job, the
 * pingpong Job and CronJob, a postgres StatefulSet; rbac-test-ns with a small
 * app; the oncall and rbac-test-group bindings; and Karpenter's NodePool and
 * cert-manager's Certificate CRDs with their objects and aggregated roles.
 */
import { rfc3339, type NewObject } from '../kube/store';
import { KNOWN_IMAGES } from './images';
import { addNode } from './nodes';
import { derivedUid, type World } from './world';
import { container, daemonSetManifest, deploymentManifest, jobSpec, serviceManifest, statefulSetManifest } from './controllers/manifests';
import { newJob } from './controllers/job';
import { establishedStatus } from './controllers/crd';
import { certificateCrd, issuingCertificate, nodePoolCrd } from './crds';

/** What the scenario needs of the load model: total demand spread over matching ready pods. */
export interface DemandSetter {
  setDemand(namespace: string, labels: Record<string, string>, demand: (now: Date) => { cpuMillicores: number; memoryBytes?: number }): void;
}

export const SCENARIO_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'amazon-cloudwatch', 'eks-work', 'rbac-test-ns'];

/** One full rise and fall of backend-app's traffic. */
export const LOAD_CYCLE_MS = 30 * 60_000;

/**
 * backend-app's total CPU demand: from 150m at the start of each cycle up to
 * 1500m half way (six pods' worth at the 50% target of 250m requests, capped
 * at ten by the HPA) and back down.
 */
export function backendAppDemand(startMs: number): (now: Date) => { cpuMillicores: number } {
  return (now) => {
    const phase = ((((now.getTime() - startMs) % LOAD_CYCLE_MS) + LOAD_CYCLE_MS) % LOAD_CYCLE_MS) / LOAD_CYCLE_MS;
    return { cpuMillicores: Math.round(150 + 1350 * (0.5 - 0.5 * Math.cos(2 * Math.PI * phase))) };
  };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function create(world: World, resource: string, obj: NewObject) {
  return world.store.create(resource, obj);
}

export function createScenario(world: World, options: { load?: DemandSetter } = {}): void {
  const store = world.store;

  // Nodes: the managed node group across three zones, and a dedicated node.
  for (const zone of ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'] as const) addNode(world, { zone, instanceType: 'm5.large', nodegroup: 'eks-work-nodegroup' });
  addNode(world, {
    zone: 'ap-northeast-2a',
    instanceType: 'm5.large',
    nodegroup: 'eks-work-dedicated',
    labels: { dedicated: 'true' },
    taints: [{ key: 'dedicated', value: 'true', effect: 'NoSchedule' }],
  });

  for (const name of SCENARIO_NAMESPACES) {
    if (store.get('namespaces', undefined, name)) continue;
    create(world, 'namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  // The class EKS creates in every cluster (no longer marked default since 1.30).
  create(world, 'storage.k8s.io/storageclasses', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'gp2', uid: derivedUid('storageclasses/gp2') },
    provisioner: 'kubernetes.io/aws-ebs',
    parameters: { fsType: 'ext4', type: 'gp2' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });

  kubeSystem(world);
  cloudwatch(world);
  ekswork(world, options.load);
  rbacTest(world);
  rbac(world);
  customResources(world);
}

function serviceAccount(world: World, namespace: string, name: string, labels?: Record<string, string>) {
  create(world, 'serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, ...(labels ? { labels } : {}) } });
}

function kubeSystem(world: World) {
  const ns = 'kube-system';
  serviceAccount(world, ns, 'coredns', { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns' });
  serviceAccount(world, ns, 'aws-node');
  serviceAccount(world, ns, 'kube-proxy');
  serviceAccount(world, ns, 'metrics-server', { 'k8s-app': 'metrics-server' });

  create(
    world,
    'apps/deployments',
    deploymentManifest({
      namespace: ns,
      name: 'coredns',
      replicas: 2,
      labels: { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' },
      selector: { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns' },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      podSpec: {
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'coredns',
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
        ],
        containers: [
          container(
            'coredns',
            KNOWN_IMAGES.coredns,
            { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
            {
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
              livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
            },
          ),
        ],
      },
    }),
  );
  create(
    world,
    'services',
    serviceManifest({
      namespace: ns,
      name: 'kube-dns',
      labels: { 'eks.amazonaws.com/component': 'kube-dns', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      selector: { 'k8s-app': 'kube-dns' },
      clusterIP: '10.100.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53 },
        { name: 'metrics', port: 9153 },
      ],
    }),
  );

  create(
    world,
    'apps/deployments',
    deploymentManifest({
      namespace: ns,
      name: 'metrics-server',
      replicas: 1,
      labels: { 'k8s-app': 'metrics-server' },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      podSpec: {
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'metrics-server',
        containers: [
          container(
            'metrics-server',
            KNOWN_IMAGES.metricsServer,
            { requests: { cpu: '100m', memory: '200Mi' } },
            {
              args: ['--cert-dir=/tmp', '--secure-port=10250', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'],
              ports: [{ name: 'https', containerPort: 10250, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 20, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
            },
          ),
        ],
      },
    }),
  );
  create(
    world,
    'services',
    serviceManifest({
      namespace: ns,
      name: 'metrics-server',
      labels: { 'k8s-app': 'metrics-server' },
      selector: { 'k8s-app': 'metrics-server' },
      clusterIP: '10.100.73.148',
      ports: [{ name: 'https', port: 443, targetPort: 'https' }],
    }),
  );

  const everywhere = [{ operator: 'Exists' }];
  create(
    world,
    'apps/daemonsets',
    daemonSetManifest({
      namespace: ns,
      name: 'aws-node',
      labels: { 'app.kubernetes.io/instance': 'aws-vpc-cni', 'app.kubernetes.io/name': 'aws-node', 'k8s-app': 'aws-node' },
      selector: { 'k8s-app': 'aws-node' },
      maxUnavailable: '10%',
      podSpec: {
        priorityClassName: 'system-node-critical',
        serviceAccountName: 'aws-node',
        hostNetwork: true,
        tolerations: everywhere,
        containers: [
          container(
            'aws-node',
            KNOWN_IMAGES.awsNode,
            { requests: { cpu: '25m' } },
            {
              ports: [{ name: 'metrics', containerPort: 61678, protocol: 'TCP' }],
              env: [
                { name: 'AWS_VPC_K8S_CNI_LOGLEVEL', value: 'DEBUG' },
                { name: 'CLUSTER_NAME', value: 'eks-work-cluster' },
                { name: 'MY_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
              ],
            },
          ),
        ],
      },
    }),
  );
  create(
    world,
    'apps/daemonsets',
    daemonSetManifest({
      namespace: ns,
      name: 'kube-proxy',
      labels: { 'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy' },
      selector: { 'k8s-app': 'kube-proxy' },
      maxUnavailable: '10%',
      podSpec: {
        priorityClassName: 'system-node-critical',
        serviceAccountName: 'kube-proxy',
        hostNetwork: true,
        tolerations: everywhere,
        containers: [
          container(
            'kube-proxy',
            KNOWN_IMAGES.kubeProxy,
            { requests: { cpu: '100m' } },
            {
              command: ['kube-proxy', '--v=2', '--config=/var/lib/kube-proxy-config/config', '--hostname-override=$(NODE_NAME)'],
              securityContext: { privileged: true },
            },
          ),
        ],
      },
    }),
  );
}

function cloudwatch(world: World) {
  const ns = 'amazon-cloudwatch';
  serviceAccount(world, ns, 'fluentd');
  serviceAccount(world, ns, 'cloudwatch-agent');
  create(world, 'configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cluster-info', namespace: ns },
    data: { 'cluster.name': 'eks-work-cluster', 'logs.region': 'ap-northeast-2' },
  });
  create(world, 'configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cwagentconfig', namespace: ns },
    data: {
      'cwagentconfig.json': JSON.stringify({ logs: { metrics_collected: { kubernetes: { cluster_name: 'eks-work-cluster', metrics_collection_interval: 60 } }, force_flush_interval: 5 } }, null, 2),
    },
  });
  create(
    world,
    'apps/daemonsets',
    daemonSetManifest({
      namespace: ns,
      name: 'fluentd-cloudwatch',
      labels: { 'k8s-app': 'fluentd-cloudwatch' },
      podAnnotations: { configHash: '8915de4cf9c3551a8dc74c0137a3e83569d28c71044b0359c2578d2e0461825' },
      podSpec: {
        serviceAccountName: 'fluentd',
        terminationGracePeriodSeconds: 30,
        containers: [
          container(
            'fluentd-cloudwatch',
            KNOWN_IMAGES.fluentd,
            { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '400Mi' } },
            {
              env: [
                { name: 'AWS_REGION', valueFrom: { configMapKeyRef: { name: 'cluster-info', key: 'logs.region' } } },
                { name: 'CLUSTER_NAME', valueFrom: { configMapKeyRef: { name: 'cluster-info', key: 'cluster.name' } } },
              ],
            },
          ),
        ],
      },
    }),
  );
  create(
    world,
    'apps/daemonsets',
    daemonSetManifest({
      namespace: ns,
      name: 'cloudwatch-agent',
      labels: { name: 'cloudwatch-agent' },
      podSpec: {
        serviceAccountName: 'cloudwatch-agent',
        terminationGracePeriodSeconds: 60,
        containers: [
          container(
            'cloudwatch-agent',
            KNOWN_IMAGES.cloudwatchAgent,
            { requests: { cpu: '200m', memory: '200Mi' }, limits: { cpu: '200m', memory: '200Mi' } },
            {
              env: [
                { name: 'HOST_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } } },
                { name: 'HOST_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
                { name: 'K8S_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
              ],
            },
          ),
        ],
      },
    }),
  );
}

const HEALTH = { path: '/health', port: 8080, scheme: 'HTTP' };

function backendAppContainer(image: string) {
  return container(
    'backend-app',
    image,
    { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    {
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      env: [
        { name: 'SPRING_PROFILES_ACTIVE', value: 'production' },
        { name: 'DB_URL', value: 'jdbc:postgresql://postgres-0.postgres.eks-work.svc.cluster.local:5432/backend' },
        { name: 'DB_USERNAME', valueFrom: { secretKeyRef: { name: 'backend-app-db', key: 'username' } } },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'backend-app-db', key: 'password' } } },
      ],
      envFrom: [{ configMapRef: { name: 'backend-app-config' } }],
      readinessProbe: { httpGet: HEALTH, initialDelaySeconds: 10, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
      livenessProbe: { httpGet: HEALTH, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    },
  );
}

function ekswork(world: World, load: DemandSetter | undefined) {
  const ns = 'eks-work';
  create(world, 'configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'backend-app-config', namespace: ns, labels: { app: 'backend-app' } },
    data: { SERVER_PORT: '8080', LOG_LEVEL: 'INFO', 'application.yml': 'server:\n  port: 8080\nmanagement:\n  endpoints:\n    web:\n      exposure:\n        include: health\n' },
  });
  create(world, 'secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'backend-app-db', namespace: ns, labels: { app: 'backend-app' } },
    type: 'Opaque',
    data: { username: b64('backend'), password: b64('Zq8#rT2!vLm4'), 'postgres-password': b64('Pg-admin-7Xw9') },
  });

  // The stable release and a canary of the next one behind the same Service.
  for (const [name, replicas, track, image] of [
    ['backend-app', 2, 'stable', KNOWN_IMAGES.backendApp],
    ['backend-app-canary', 1, 'canary', KNOWN_IMAGES.backendAppBroken],
  ] as const) {
    create(world, 'apps/deployments', deploymentManifest({ namespace: ns, name, replicas, labels: { app: 'backend-app', track }, podSpec: { containers: [backendAppContainer(image)] } }));
  }
  create(
    world,
    'services',
    serviceManifest({
      namespace: ns,
      name: 'backend-app-service',
      labels: { app: 'backend-app' },
      selector: { app: 'backend-app' },
      clusterIP: '10.100.182.47',
      ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
    }),
  );
  create(world, 'autoscaling/horizontalpodautoscalers', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'backend-app', namespace: ns },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend-app' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  });
  create(world, 'policy/poddisruptionbudgets', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'pdb-backend-app', namespace: ns },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'backend-app' } } },
  });
  create(world, 'networking.k8s.io/networkpolicies', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'backend-app-allow-http', namespace: ns },
    spec: {
      podSelector: { matchLabels: { app: 'backend-app' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'eks-work' } } }, { ipBlock: { cidr: '192.168.0.0/16' } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    },
  });
  create(world, 'networking.k8s.io/networkpolicies', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'postgres-allow-backend', namespace: ns },
    spec: {
      podSelector: { matchLabels: { app: 'postgres' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backend-app' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    },
  });
  create(world, 'networking.k8s.io/ingresses', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'backend-app-ingress',
      namespace: ns,
      annotations: {
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/healthcheck-path': '/health',
      },
    },
    spec: {
      ingressClassName: 'alb',
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'backend-app-service', port: { number: 8080 } } } }] } }],
    },
    status: { loadBalancer: { ingress: [{ hostname: 'k8s-ekswork-backenda-6f1c2b9d3e-1187934210.ap-northeast-2.elb.amazonaws.com' }] } },
  });

  // A release tagged with an image that was never pushed.
  create(
    world,
    'apps/deployments',
    deploymentManifest({
      namespace: ns,
      name: 'frontend-web',
      replicas: 1,
      labels: { app: 'frontend-web' },
      podSpec: {
        containers: [
          container(
            'frontend-web',
            '566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/frontend-web:1.0.O',
            { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            { ports: [{ containerPort: 80, protocol: 'TCP' }] },
          ),
        ],
      },
    }),
  );
  // Asks for more CPU than an m5.large can allocate.
  create(
    world,
    'apps/deployments',
    deploymentManifest({
      namespace: ns,
      name: 'batch-analytics',
      replicas: 1,
      labels: { app: 'batch-analytics' },
      podSpec: {
        containers: [container('batch-analytics', KNOWN_IMAGES.busybox, { requests: { cpu: '3', memory: '2Gi' } }, { command: ['sh', '-c', 'while true; do echo analysing; sleep 60; done'] })],
      },
    }),
  );
  // Meant for the dedicated node, but without the toleration for its taint.
  create(
    world,
    'apps/deployments',
    deploymentManifest({
      namespace: ns,
      name: 'dedicated-worker',
      replicas: 1,
      labels: { app: 'dedicated-worker' },
      podSpec: {
        nodeSelector: { dedicated: 'true' },
        containers: [container('worker', KNOWN_IMAGES.busybox, { requests: { cpu: '200m', memory: '128Mi' } }, { command: ['sh', '-c', 'while true; do echo working; sleep 30; done'] })],
      },
    }),
  );

  const reportPod = {
    restartPolicy: 'Never',
    containers: [
      container('report-generator', KNOWN_IMAGES.reportGenerator, { requests: { cpu: '200m', memory: '128Mi' }, limits: { memory: '256Mi' } }, { args: ['--report=daily-sales', '--format=pdf'] }),
    ],
  };
  create(world, 'batch/cronjobs', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report-generator', namespace: ns, labels: { app: 'report-generator' } },
    spec: {
      schedule: '*/30 * * * *',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { app: 'report-generator' } }, spec: jobSpec({ podSpec: reportPod, labels: { app: 'report-generator' }, completions: 1, backoffLimit: 2 }) },
    },
    status: {},
  });
  create(
    world,
    'batch/jobs',
    newJob(world, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'report-generator-manual-8xk2q', namespace: ns, labels: { app: 'report-generator' }, annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' } },
      spec: jobSpec({ podSpec: reportPod, labels: { app: 'report-generator' }, completions: 1, backoffLimit: 2 }),
      status: {},
    }),
  );

  const pingpongPod = (restartPolicy: string) => ({
    restartPolicy,
    containers: [container('pingpong', KNOWN_IMAGES.alpineBash, {}, { command: ['/bin/sh'], args: ['-c', 'echo [`date`] ping!\nsleep 10\necho [`date`] pong!\n'] })],
  });
  create(
    world,
    'batch/jobs',
    newJob(world, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pingpong', namespace: ns, labels: { app: 'pingpong' } },
      spec: jobSpec({ podSpec: pingpongPod('Never'), labels: { app: 'pingpong' }, parallelism: 3 }),
      status: {},
    }),
  );
  create(world, 'batch/cronjobs', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'pingpong', namespace: ns },
    spec: {
      schedule: '*/1 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: {}, spec: jobSpec({ podSpec: pingpongPod('OnFailure'), labels: { app: 'pingpong' } }) },
    },
    status: {},
  });

  create(
    world,
    'services',
    serviceManifest({ namespace: ns, name: 'postgres', labels: { app: 'postgres' }, selector: { app: 'postgres' }, clusterIP: 'None', ports: [{ name: 'postgres', port: 5432 }] }),
  );
  create(
    world,
    'apps/statefulsets',
    statefulSetManifest({
      namespace: ns,
      name: 'postgres',
      replicas: 1,
      serviceName: 'postgres',
      labels: { app: 'postgres' },
      podSpec: {
        terminationGracePeriodSeconds: 30,
        containers: [
          container(
            'postgres',
            KNOWN_IMAGES.postgres,
            { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
            {
              ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
              env: [
                { name: 'POSTGRES_DB', value: 'backend' },
                { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'backend-app-db', key: 'postgres-password' } } },
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
              ],
              readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
            },
          ),
        ],
      },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp2', resources: { requests: { storage: '10Gi' } } },
        },
      ],
    }),
  );

  load?.setDemand(ns, { app: 'backend-app', track: 'stable' }, backendAppDemand(world.nowMs()));
}

function rbacTest(world: World) {
  const ns = 'rbac-test-ns';
  // The developer namespace's guard rails: container defaults and a ceiling on what it may run.
  create(world, 'limitranges', {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'default-limits', namespace: ns, uid: derivedUid('limitranges/rbac-test-ns/default-limits') },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '200m', memory: '256Mi' },
          defaultRequest: { cpu: '50m', memory: '64Mi' },
          max: { cpu: '1', memory: '1Gi' },
        },
      ],
    },
  });
  create(world, 'resourcequotas', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'dev-quota', namespace: ns, uid: derivedUid('resourcequotas/rbac-test-ns/dev-quota') },
    spec: { hard: { pods: '10', 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi', configmaps: '10', services: '5' } },
  });
  create(world, 'configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'sample-app-config', namespace: ns, labels: { app: 'sample-app' } },
    data: { GREETING: 'hello from rbac-test-ns', 'nginx.conf': 'server {\n  listen 80;\n  location / { return 200 "ok\\n"; }\n}\n' },
  });
  create(
    world,
    'apps/deployments',
    deploymentManifest({
      namespace: ns,
      name: 'sample-app',
      replicas: 1,
      labels: { app: 'sample-app' },
      podSpec: { containers: [container('nginx', KNOWN_IMAGES.nginx, { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } }, { ports: [{ containerPort: 80, protocol: 'TCP' }] })] },
    }),
  );
  create(
    world,
    'services',
    serviceManifest({ namespace: ns, name: 'sample-app', labels: { app: 'sample-app' }, selector: { app: 'sample-app' }, clusterIP: '10.100.91.203', ports: [{ name: 'http', port: 80 }] }),
  );
}

function rbac(world: World) {
  // metrics-server's manifest: reading pod and node metrics is part of view, edit and admin.
  create(world, 'rbac.authorization.k8s.io/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: 'system:aggregated-metrics-reader',
      labels: {
        'k8s-app': 'metrics-server',
        'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
        'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
        'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      },
    },
    rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
  });
  create(world, 'rbac.authorization.k8s.io/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'oncall-view' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oncall' }],
  });
  create(world, 'rbac.authorization.k8s.io/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rbac-test-role-binding', namespace: 'rbac-test-ns' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'rbac-test-group' }],
  });
}

function customResources(world: World) {
  const store = world.store;
  const create = (w: World, resource: string, obj: NewObject) =>
    w.store.create(resource, { ...obj, metadata: { ...obj.metadata, uid: derivedUid(`${resource}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`) } } as NewObject);
  for (const manifest of [nodePoolCrd(), certificateCrd()]) {
    const crd = create(world, 'apiextensions.k8s.io/customresourcedefinitions', manifest);
    store.update('apiextensions.k8s.io/customresourcedefinitions', { ...crd, status: establishedStatus(crd, world.now()) });
  }
  const at = rfc3339(world.now());
  // The NodePool Karpenter's getting-started guide for EKS creates; the managed node groups still carry every pod, so it has launched no node.
  create(world, 'karpenter.sh/nodepools', {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      template: {
        spec: {
          expireAfter: '720h',
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
            { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['2'] },
          ],
        },
      },
      limits: { cpu: 1000 },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
    },
    status: {
      resources: { cpu: '0', 'ephemeral-storage': '0', memory: '0', nodes: '0', pods: '0' },
      conditions: [
        { type: 'ValidationSucceeded', status: 'True', reason: 'ValidationSucceeded', message: '', lastTransitionTime: at, observedGeneration: 1 },
        { type: 'NodeClassReady', status: 'True', reason: 'NodeClassReady', message: '', lastTransitionTime: at, observedGeneration: 1 },
        { type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: at, observedGeneration: 1 },
      ],
    },
  });
  // Certificates for each namespace's app; their Secrets are not issued yet, so cert-manager reports them issuing.
  for (const [ns, app] of [
    ['eks-work', 'backend-app'],
    ['rbac-test-ns', 'sample-app'],
  ]) {
    create(world, 'cert-manager.io/certificates', issuingCertificate(`${app}-tls`, ns, app, at));
  }
  // cert-manager's chart aggregates reading Certificates into view, edit and admin, and changing them into edit and admin (the chart's roles also name kinds this cluster does not carry).
  const labels = (...roles: string[]) => ({
    app: 'cert-manager',
    'app.kubernetes.io/name': 'cert-manager',
    ...Object.fromEntries(roles.map((r) => [`rbac.authorization.k8s.io/aggregate-to-${r}`, 'true'])),
  });
  create(world, 'rbac.authorization.k8s.io/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cert-manager-view', labels: labels('view', 'edit', 'admin') },
    rules: [{ apiGroups: ['cert-manager.io'], resources: ['certificates'], verbs: ['get', 'list', 'watch'] }],
  });
  create(world, 'rbac.authorization.k8s.io/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cert-manager-edit', labels: labels('edit', 'admin') },
    rules: [
      { apiGroups: ['cert-manager.io'], resources: ['certificates'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: ['cert-manager.io'], resources: ['certificates/status'], verbs: ['update'] },
    ],
  });
}
