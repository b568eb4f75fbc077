/**
 * core/v1 Events as components record them, with the client-go event
 * correlator's deduplication: the same source, object, type, reason and
 * message within the dedup window bumps `count` and `lastTimestamp`.
 */
import type { KubeObject } from '../kube/store';
import { rfc3339 } from '../kube/store';
import type { World } from './world';

export interface EventSource {
  component: string;
  host?: string;
}

export interface RecordOptions {
  /** e.g. "spec.containers{backend-app}" for container-level kubelet events. */
  fieldPath?: string;
}

/** client-go's correlator forgets an event after this long without a repeat. */
const DEDUP_WINDOW_MS = 10 * 60 * 1000;

export class EventRecorder {
  private readonly recent = new Map<string, { namespace: string; name: string; last: number }>();
  private counter = 0;

  constructor(private readonly world: World) {}

  record(source: EventSource, object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, options: RecordOptions = {}): KubeObject {
    const store = this.world.store;
    const now = this.world.now();
    const namespace = object.metadata.namespace ?? 'default';
    const key = [source.component, source.host ?? '', object.metadata.uid, options.fieldPath ?? '', type, reason, message].join('\u0000');
    const seen = this.recent.get(key);
    if (seen && now.getTime() - seen.last < DEDUP_WINDOW_MS) {
      const existing = store.get('events', seen.namespace, seen.name);
      if (existing) {
        seen.last = now.getTime();
        return store.update('events', {
          ...existing,
          count: (existing.count ?? 1) + 1,
          lastTimestamp: rfc3339(now),
        });
      }
    }
    const event = store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${object.metadata.name}.${this.uniqueSuffix(now)}`, namespace },
      involvedObject: {
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        uid: object.metadata.uid,
        apiVersion: object.apiVersion,
        resourceVersion: object.metadata.resourceVersion,
        ...(options.fieldPath ? { fieldPath: options.fieldPath } : {}),
      },
      reason,
      message,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: rfc3339(now),
      lastTimestamp: rfc3339(now),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    this.recent.set(key, { namespace, name: event.metadata.name, last: now.getTime() });
    if (this.recent.size > 50_000) this.forgetOld(now.getTime());
    return event;
  }

  // Event names carry a hex timestamp suffix, as client-go makes them.
  private uniqueSuffix(now: Date): string {
    // BigInt: milliseconds x 1e6 is past 2^53, where doubles would collide.
    return (BigInt(now.getTime()) * 1_000_000n + BigInt(this.counter++ % 1_000_000)).toString(16);
  }

  private forgetOld(now: number) {
    for (const [k, v] of this.recent) if (now - v.last >= DEDUP_WINDOW_MS) this.recent.delete(k);
  }
}
