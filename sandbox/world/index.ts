/**
 * A simulated cluster ready to start: the store with the default RBAC
 * policy, every controller (nodes, scheduler, kubelets, load, and the
 * controller manager's workload controllers), and the scenario's objects.
 */
import { bootstrapPolicy, createClusterRoleAggregation } from '../kube/rbac/bootstrap';
import { createControllerHistory } from './controllers/controller-history';
import { createDaemonSetController } from './controllers/daemonset';
import { createDeploymentController } from './controllers/deployment';
import { createEndpointsController } from './controllers/endpoints';
import { createEndpointSliceController } from './controllers/endpointslice';
import { createGarbageCollector } from './controllers/garbage-collector';
import { createHpaController } from './controllers/hpa';
import { createCronJobController } from './controllers/cronjob';
import { createCrdController } from './controllers/crd';
import { createJobController } from './controllers/job';
import { serviceManifest } from './controllers/manifests';
import { createNamespaceController } from './controllers/namespace';
import { createDisruptionController } from './controllers/pdb';
import { createPersistentVolumeController } from './controllers/persistentvolume';
import { createReplicaSetController } from './controllers/replicaset';
import { createResourceQuotaController } from './controllers/resourcequota';
import { createStatefulSetController } from './controllers/statefulset';
import { createEventGc } from './event-gc';
import { createKubelet } from './kubelet';
import { createLoadModel } from './load';
import { createNodeLeases } from './node-lease';
import { createNodeLifecycle } from './nodes';
import { createScaleCluster } from './scale';
import { createScenario } from './scenario';
import { createScheduler } from './scheduler';
import { derivedUid, World } from './world';

export interface CreateWorldOptions {
  seed?: number;
  mode?: 'realtime' | 'manual';
  speed?: number;
  start?: Date;
  scenario?: 'default' | 'empty';
  scale?: { nodes: number; pods: number };
  watchWindowMs?: number;
}

/** The controller manager's controllers, in the order they are added. */
export function workloadControllers() {
  return [
    createNamespaceController(),
    createCrdController(),
    createGarbageCollector(),
    createDeploymentController(),
    createReplicaSetController(),
    createStatefulSetController(),
    createDaemonSetController(),
    createJobController(),
    createCronJobController(),
    createHpaController(),
    createEndpointsController(),
    createDisruptionController(),
    createEndpointSliceController(),
    createControllerHistory(),
    createResourceQuotaController(),
    createPersistentVolumeController(),
  ];
}

/**
 * What the API server itself keeps in every cluster: the `kubernetes`
 * Service in default and its Endpoints (EKS: the control plane's two
 * cross-account ENIs in the cluster VPC).
 */
function apiServerService(world: World) {
  const store = world.store;
  if (!store.get('namespaces', undefined, 'default')) {
    store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  if (store.get('services', 'default', 'kubernetes')) return;
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  store.create('services', {
    ...serviceManifest({ namespace: 'default', name: 'kubernetes', labels, clusterIP: '10.100.0.1', ports: [{ name: 'https', port: 443, targetPort: 443 }] }),
  });
  store.create('endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: '192.168.117.204' }, { ip: '192.168.172.36' }], ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }],
  });
  // The API server's own reconciler writes this slice, under the Service's name and without the controller's label.
  store.create('discovery.k8s.io/endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', uid: derivedUid('endpointslices/default/kubernetes'), labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: ['192.168.117.204', '192.168.172.36'].map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
  });
}

/** A World, not yet started: the caller calls `world.start()`. */
export function createWorld(options: CreateWorldOptions = {}): World {
  const world = new World({ seed: options.seed, mode: options.mode, speed: options.speed, start: options.start, watchWindowMs: options.watchWindowMs });
  bootstrapPolicy(world.store);
  apiServerService(world);
  const load = createLoadModel();
  world.add(createClusterRoleAggregation(), createNodeLifecycle(), createNodeLeases(), createScheduler(), createKubelet(), load, createEventGc(), ...workloadControllers());
  if (options.scenario !== 'empty') createScenario(world, { load });
  if (options.scale) createScaleCluster(world, options.scale);
  return world;
}
