import { describe, expect, it } from 'vitest';
import { createNodeLeases, renewIntervalMs } from './node-lease';
import { addNode, setKubeletPosting } from './nodes';
import { World } from './world';

function leaseWorld() {
  const world = new World({ mode: 'manual', seed: 3 });
  world.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } });
  const node = addNode(world, { events: false });
  world.add(createNodeLeases()).start();
  const lease = () => world.store.get('coordination.k8s.io/leases', 'kube-node-lease', node.metadata.name)!;
  return { world, node, lease };
}

describe('node leases', () => {
  it("each kubelet's lease is held by its node for 40 s, owned by the Node, and renewed every 10 s", () => {
    const { world, node, lease } = leaseWorld();
    // The kubelet's lease controller (component-helpers/apimachinery/lease): holder, 40 s duration, MicroTime renewals.
    expect(lease().metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid }]);
    expect(lease().spec).toEqual({ holderIdentity: node.metadata.name, leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' });
    const renewals: string[] = [];
    for (let i = 0; i < 3; i++) {
      world.advance(10_000);
      renewals.push(lease().spec.renewTime);
    }
    // One node has one slot of the ten seconds; wherever it falls, renewals are 10 s apart.
    expect(renewals.map((r) => Date.parse(r) - Date.parse(renewals[0]))).toEqual([0, 10_000, 20_000]);
  });

  it('a node whose kubelet stopped keeps its last renewTime', () => {
    const { world, node, lease } = leaseWorld();
    world.advance(10_000);
    const last = lease().spec.renewTime;
    setKubeletPosting(world, node.metadata.name, false);
    world.advance(60_000);
    expect(lease().spec.renewTime).toBe(last);
  });

  it('renews every 10 s up to 200 nodes, then stretches to stay under 20 renewals a second', () => {
    expect([renewIntervalMs(4), renewIntervalMs(200), renewIntervalMs(5000)]).toEqual([10_000, 10_000, 250_000]);
  });
});
