/**
 * Requests that no node could hold even with nothing else on it: the request against each node's
 * allocatable (what the scheduler's NodeResourcesFit compares once a node is empty), not its free room.
 */
import { formatMemory } from './quantity';

export interface NodeAllocatable {
  name: string;
  allocatable: { cpuMillicores: number; memoryBytes: number };
}

export interface Oversized {
  resource: 'cpu' | 'memory';
  /** Millicores for cpu, bytes for memory. */
  requested: number;
  /** The node that allocates the most of it; the first by name among equals. */
  largest: { node: string; allocatable: number };
}

/** Each requested resource that exceeds the allocatable of every node; empty when some node could fit the pod once free, or when there are no nodes. */
export function beyondEveryNode(requests: { cpuMillicores: number; memoryBytes: number }, nodes: NodeAllocatable[]): Oversized[] {
  if (nodes.length === 0) return [];
  const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Oversized[] = [];
  for (const [resource, of] of [
    ['cpu', (n: NodeAllocatable) => n.allocatable.cpuMillicores],
    ['memory', (n: NodeAllocatable) => n.allocatable.memoryBytes],
  ] as const) {
    const requested = resource === 'cpu' ? requests.cpuMillicores : requests.memoryBytes;
    const largest = sorted.reduce((best, n) => (of(n) > of(best) ? n : best));
    if (requested > of(largest)) out.push({ resource, requested, largest: { node: largest.name, allocatable: of(largest) } });
  }
  return out;
}

/**
 * What to say of an oversized request, as a message of the Pending messages and its values: cpu in
 * cores (a number the message formats in the page's locale), memory as a Kubernetes quantity.
 * In English: "3 CPU requested; the largest node allocates 1.93".
 */
export function oversizedMessage(
  o: Oversized,
): { key: 'oversizedCpu'; values: { requested: number; allocatable: number } } | { key: 'oversizedMemory'; values: { requested: string; allocatable: string } } {
  return o.resource === 'cpu'
    ? { key: 'oversizedCpu', values: { requested: o.requested / 1000, allocatable: o.largest.allocatable / 1000 } }
    : { key: 'oversizedMemory', values: { requested: formatMemory(o.requested), allocatable: formatMemory(o.largest.allocatable) } };
}
