/**
 * A simulated cluster ready to start: the store with the default RBAC
 * policy, every controller (nodes, scheduler, kubelets, load, and the
 * controller manager's workload controllers), and the scenario's objects.
 */
import { bootstrapPolicy, createClusterRoleAggregation } from '../kube/rbac/bootstrap';
import { createDaemonSetController } from './controllers/daemonset';
import { createDeploymentController } from './controllers/deployment';
import { createEndpointsController } from './controllers/endpoints';
import { createGarbageCollector } from './controllers/garbage-collector';
import { createHpaController } from './controllers/hpa';
import { createCronJobController } from './controllers/cronjob';
import { createJobController } from './controllers/job';
import { createNamespaceController } from './controllers/namespace';
import { createDisruptionController } from './controllers/pdb';
import { createReplicaSetController } from './controllers/replicaset';
import { createStatefulSetController } from './controllers/statefulset';
import { createEventGc } from './event-gc';
import { createKubelet } from './kubelet';
import { createLoadModel } from './load';
import { createNodeLifecycle } from './nodes';
import { createScaleCluster } from './scale';
import { createScenario } from './scenario';
import { createScheduler } from './scheduler';
import { World } from './world';

export interface CreateWorldOptions {
  seed?: number;
  mode?: 'realtime' | 'manual';
  speed?: number;
  start?: Date;
  scenario?: 'default' | 'empty';
  scale?: { nodes: number; pods: number };
}

/** The controller manager's controllers, in the order they are added. */
export function workloadControllers() {
  return [
    createNamespaceController(),
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
  ];
}

/** A World, not yet started: the caller calls `world.start()`. */
export function createWorld(options: CreateWorldOptions = {}): World {
  const world = new World({ seed: options.seed, mode: options.mode, speed: options.speed, start: options.start });
  bootstrapPolicy(world.store);
  const load = createLoadModel();
  world.add(createClusterRoleAggregation(), createNodeLifecycle(), createScheduler(), createKubelet(), load, createEventGc(), ...workloadControllers());
  if (options.scenario !== 'empty') createScenario(world, { load });
  if (options.scale) createScaleCluster(world, options.scale);
  return world;
}
