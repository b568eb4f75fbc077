/** Where a reader of the whole cluster opens the console: the namespace with the most problem pods. Pure. */
import { podStatus, type PodLike } from './pod-status';

export interface Landing {
  namespace: string;
  /** Its pods kubectl colours as a warning or an error, the Overview's "Problem pods". */
  problems: number;
}

/** The namespace with the most problem pods (ties by name), or null when no pod has a problem. */
export function namespaceWithMostProblems(pods: readonly (PodLike & { metadata?: { namespace?: string } })[], now: Date): Landing | null {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const namespace = pod.metadata?.namespace;
    if (!namespace) continue;
    const { severity } = podStatus(pod, now);
    if (severity === 'warning' || severity === 'error') counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
  }
  let best: Landing | null = null;
  for (const [namespace, problems] of counts) if (!best || problems > best.problems || (problems === best.problems && namespace < best.namespace)) best = { namespace, problems };
  return best;
}
