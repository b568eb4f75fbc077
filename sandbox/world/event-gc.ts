/**
 * Events expire an hour after they were last recorded, as the API server's
 * event TTL (--event-ttl=1h) lets etcd drop them.
 */
import type { KubeObject } from '../kube/store';
import type { Controller } from './world';

export const EVENT_TTL_MS = 60 * 60_000;
const SWEEP_MS = 60_000;

export function createEventGc(): Controller {
  return {
    name: 'event-gc',
    start(world) {
      world.every(SWEEP_MS, () => {
        const cutoff = world.nowMs() - EVENT_TTL_MS;
        const expired: KubeObject[] = [];
        for (const event of world.store.each('events')) if (lastWritten(event) <= cutoff) expired.push(event);
        for (const event of expired) world.store.delete('events', event.metadata.namespace, event.metadata.name);
      });
    },
  };
}

function lastWritten(event: KubeObject): number {
  return Date.parse(event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp);
}
