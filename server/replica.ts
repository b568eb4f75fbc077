import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';

const holder = globalThis as unknown as { __watchdeckReplicaId?: string };

/**
 * This console process among the replicas sharing the store: the pod's name (POD_NAME, else the
 * host name, which in a pod is the pod's name) and a random suffix, as kube-controller-manager
 * makes its leader-election identity, so a restarted process is never taken for its predecessor.
 */
export function replicaId(): string {
  holder.__watchdeckReplicaId ??= `${process.env.POD_NAME || os.hostname()}_${randomUUID()}`;
  return holder.__watchdeckReplicaId;
}
