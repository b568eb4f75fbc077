/**
 * Each kubelet's node Lease in kube-node-lease (component-helpers/apimachinery/lease):
 * created on the kubelet's first renewal with the Node as its owner, holder the
 * node's name and a 40 s duration, then renewed every 10 s while the kubelet runs.
 * A node whose kubelet stopped keeps its last renewTime, which is how the node
 * lifecycle controller tells it is gone.
 */
import type { KubeObject } from '../kube/store';
import { everyNodeInTurn } from './node-agents';
import { isKubeletPosting } from './nodes';
import { derivedUid, type Controller, type World } from './world';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
/** The kubelet renews at a quarter of the lease duration. */
export const RENEW_INTERVAL_MS = 10_000;

const LEASES = 'coordination.k8s.io/leases';

/** metav1.MicroTime as it is written on the wire: RFC 3339 with microseconds. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * How often each node's lease is renewed: every 10 s as the kubelet does, stretched in
 * clusters of thousands of nodes so renewals stay under 20 writes per second, as heartbeats do.
 */
export function renewIntervalMs(nodeCount: number): number {
  return Math.max(RENEW_INTERVAL_MS, nodeCount * 50);
}

export function renewNodeLease(world: World, node: KubeObject): void {
  const store = world.store;
  const name = node.metadata.name;
  const renewTime = microTime(world.now());
  const current = store.get(LEASES, NODE_LEASE_NAMESPACE, name);
  if (current) {
    store.update(LEASES, { ...current, spec: { ...current.spec, holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime } });
    return;
  }
  if (!store.get('namespaces', undefined, NODE_LEASE_NAMESPACE)) return;
  store.create(LEASES, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: NODE_LEASE_NAMESPACE, uid: derivedUid(`leases/${NODE_LEASE_NAMESPACE}/${name}`), ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }] },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
  });
}

export function createNodeLeases(): Controller {
  return {
    name: 'node-lease',
    start(world: World) {
      const posting = (nodes: KubeObject[]) => nodes.filter((n) => isKubeletPosting(world, n.metadata.name));
      for (const node of posting([...world.store.each('nodes')])) renewNodeLease(world, node);
      everyNodeInTurn(world, renewIntervalMs(world.store.count('nodes')), (nodes) => {
        for (const node of posting(nodes)) renewNodeLease(world, node);
      });
    },
  };
}
