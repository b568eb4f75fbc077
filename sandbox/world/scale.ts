/**
 * Large generated clusters for benchmarks (up to the upstream limits of
 * 5,000 nodes and 150,000 pods, at most 110 pods per node): nodes, then
 * namespaces scale-0..N of Deployments with their ReplicaSets and pods
 * already bound and Running (the kubelet's fast path, no timers), and the
 * existing DaemonSets' pods on the new nodes. Everything is consistent
 * with what the controllers would have produced, so they start idle.
 */
import type { KubeObject } from '../kube/store';
import { rfc3339 } from '../kube/store';
import { newUid, ownerReference } from './controllers/common';
import { pinToNode, shouldRunOn } from './controllers/daemonset';
import { REVISION } from './controllers/deployment';
import { container, deploymentManifest } from './controllers/manifests';
import { computeHash, podFromTemplate } from './controllers/pod-template';
import { KNOWN_IMAGES } from './images';
import { createRunningPod } from './kubelet';
import { addNode } from './nodes';
import type { World } from './world';

export const MAX_NODES = 5_000;
export const MAX_PODS = 150_000;
export const MAX_PODS_PER_NODE = 110;
const PODS_PER_DEPLOYMENT = 30;
const DEPLOYMENTS_PER_NAMESPACE = 20;

export interface ScaleResult {
  nodes: number;
  namespaces: number;
  deployments: number;
  pods: number;
  daemonPods: number;
  ms: number;
}

export function createScaleCluster(world: World, options: { nodes: number; pods: number }): ScaleResult {
  const started = performance.now();
  const nodeCount = Math.max(1, Math.floor(options.nodes));
  const podCount = Math.max(0, Math.floor(options.pods));
  if (nodeCount > MAX_NODES) throw new Error(`scale: at most ${MAX_NODES} nodes (asked for ${nodeCount})`);
  if (podCount > MAX_PODS) throw new Error(`scale: at most ${MAX_PODS} pods (asked for ${podCount})`);
  if (podCount > nodeCount * MAX_PODS_PER_NODE) throw new Error(`scale: at most ${MAX_PODS_PER_NODE} pods per node (${podCount} pods on ${nodeCount} nodes)`);
  const store = world.store;
  const now = world.nowMs();
  const instanceType = podCount / nodeCount > 29 ? 'm5.2xlarge' : 'm5.large';

  const nodes: KubeObject[] = [];
  for (let i = 0; i < nodeCount; i++) {
    nodes.push(addNode(world, { instanceType, nodegroup: 'eks-work-scale', events: false, createdAt: new Date(now - 7 * 86_400_000) }));
  }

  // The DaemonSets already defined run one pod on each new node, and count towards the pod total.
  let daemonPods = 0;
  const used = new Map<string, number>();
  for (const ds of [...store.each('apps/daemonsets')]) {
    const hash = computeHash(ds.spec.template);
    // One pod built from the template; each node's copy differs only in its node.
    const base = podFromTemplate(ds.spec.template, ds, {
      extraLabels: { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      spec: (spec) => pinToNode(spec, ''),
    });
    for (const node of nodes) {
      if (daemonPods >= podCount || !shouldRunOn(ds.spec.template, node)) continue;
      const pinned = pinToNode(base.spec, node.metadata.name);
      createRunningPod(world, { ...base, metadata: { ...base.metadata, uid: newUid(world) }, spec: { ...pinned, nodeName: node.metadata.name } }, new Date(now - 7 * 86_400_000 + 120_000));
      used.set(node.metadata.name, (used.get(node.metadata.name) ?? 0) + 1);
      daemonPods++;
    }
  }

  let remaining = podCount - daemonPods;
  const capacity = (node: KubeObject) => Number(node.status.allocatable.pods) - (used.get(node.metadata.name) ?? 0);
  let cursor = 0;
  const nextNode = (): KubeObject | undefined => {
    for (let tried = 0; tried < nodes.length; tried++) {
      const node = nodes[cursor];
      cursor = (cursor + 1) % nodes.length;
      if (capacity(node) > 0) return node;
    }
    return undefined;
  };

  let namespaces = 0;
  let deployments = 0;
  let pods = 0;
  while (remaining > 0) {
    const namespace = `scale-${namespaces++}`;
    store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace, 'watchdeck.dev/generated': 'scale' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    for (let d = 0; d < DEPLOYMENTS_PER_NAMESPACE && remaining > 0; d++) {
      const replicas = Math.min(PODS_PER_DEPLOYMENT, remaining);
      const made = deploymentWithPods(world, namespace, `app-${d}`, replicas, nextNode, used, now - (1 + ((namespaces * 7 + d) % 30)) * 3_600_000);
      deployments++;
      pods += made;
      remaining -= replicas;
      if (made < replicas) remaining = 0; // the nodes are full
    }
  }
  return { nodes: nodeCount, namespaces, deployments, pods, daemonPods, ms: performance.now() - started };
}

function deploymentWithPods(world: World, namespace: string, name: string, replicas: number, nextNode: () => KubeObject | undefined, used: Map<string, number>, createdMs: number): number {
  const store = world.store;
  const created = rfc3339(new Date(createdMs));
  const labels = { app: name, 'app.kubernetes.io/part-of': namespace };
  const manifest = deploymentManifest({
    namespace,
    name,
    replicas,
    labels,
    podSpec: { containers: [container('app', KNOWN_IMAGES.nginx, { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } }, { ports: [{ containerPort: 80, protocol: 'TCP' }] })] },
  });
  const template = manifest.spec.template;
  const hash = computeHash(template);
  const deployment = store.create('apps/deployments', {
    ...manifest,
    metadata: { ...manifest.metadata, creationTimestamp: created, annotations: { [REVISION]: '1' } },
  });
  const rsLabels = { ...labels, 'pod-template-hash': hash };
  const rs = store.create('apps/replicasets', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      creationTimestamp: created,
      labels: rsLabels,
      annotations: { [REVISION]: '1', 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)) },
      ownerReferences: [ownerReference(deployment)],
    },
    spec: {
      replicas,
      minReadySeconds: 0,
      selector: { matchLabels: rsLabels },
      template: { ...template, metadata: { ...template.metadata, labels: rsLabels } },
    },
  });
  let made = 0;
  const startedAt = new Date(createdMs + 30_000);
  // Stored objects are never changed in place, so the pods can share the template's parts.
  const base = podFromTemplate(rs.spec.template, rs);
  const metadata = { ...base.metadata, creationTimestamp: created };
  for (let i = 0; i < replicas; i++) {
    const node = nextNode();
    if (!node) break;
    createRunningPod(world, { ...base, metadata: { ...metadata, uid: newUid(world) }, spec: { ...base.spec, nodeName: node.metadata.name } }, startedAt);
    used.set(node.metadata.name, (used.get(node.metadata.name) ?? 0) + 1);
    made++;
  }
  const at = rfc3339(startedAt);
  store.update('apps/replicasets', { ...rs, status: { replicas: made, fullyLabeledReplicas: made, readyReplicas: made, availableReplicas: made, observedGeneration: 1 } });
  store.update('apps/deployments', {
    ...deployment,
    status: {
      observedGeneration: 1,
      replicas: made,
      updatedReplicas: made,
      readyReplicas: made,
      availableReplicas: made,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: at, lastTransitionTime: at, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: at,
          lastTransitionTime: created,
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
        },
      ],
    },
  });
  return made;
}
