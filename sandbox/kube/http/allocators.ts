import type { KubeObject } from '../store';
import type { ApiContext } from './context';

/**
 * The service IP and node port allocators: a ClusterIP from EKS's default
 * service CIDR (10.100.0.0/16) and node ports from 30000-32767.
 */
export function allocateServiceAddresses(ctx: ApiContext, obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  if (spec.type === 'ExternalName') return;
  const services = [...ctx.store.each('services')];
  if (!spec.clusterIP) {
    const used = new Set(services.map((s) => s.spec?.clusterIP));
    let ip: string;
    do {
      const n = 2 + Math.floor(ctx.world.random() * (65536 - 3));
      ip = `10.100.${n >> 8}.${n & 255}`;
    } while (used.has(ip));
    spec.clusterIP = ip;
  }
  spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    const usedPorts = new Set(services.flatMap((s) => ((s.spec?.ports ?? []) as { nodePort?: number }[]).map((p) => p.nodePort)));
    for (const port of (spec.ports ?? []) as { nodePort?: number }[]) {
      if (port.nodePort) continue;
      let candidate: number;
      do candidate = 30000 + Math.floor(ctx.world.random() * 2768);
      while (usedPorts.has(candidate));
      port.nodePort = candidate;
      usedPorts.add(candidate);
    }
    spec.externalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  }
}
