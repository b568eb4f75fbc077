import 'server-only';
import type { KubeClient } from './client';
import type { KubeList, ObjectMeta } from './pods';

interface KubeEvent {
  metadata?: ObjectMeta;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

/** One event as `kubectl describe` lists it. */
export interface EventRow {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  /** Who reported it: "kubelet", "default-scheduler", … */
  from: string;
  /** The object it is about, "Pod/backend-app-…", with the container path when there is one. */
  object: string;
  fieldPath?: string;
}

export interface InvolvedObject {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
}

function row(event: KubeEvent): EventRow {
  const io = event.involvedObject ?? {};
  const lastSeen = event.series?.lastObservedTime || event.lastTimestamp || event.eventTime || event.metadata?.creationTimestamp || undefined;
  const firstSeen = event.firstTimestamp || event.eventTime || event.metadata?.creationTimestamp || undefined;
  return {
    type: event.type ?? '',
    reason: event.reason ?? '',
    message: (event.message ?? '').trim(),
    count: event.series?.count ?? event.count ?? 1,
    ...(firstSeen ? { firstSeen } : {}),
    ...(lastSeen ? { lastSeen } : {}),
    from: event.source?.component || event.reportingComponent || '',
    object: `${io.kind ?? ''}/${io.name ?? ''}`,
    ...(io.fieldPath ? { fieldPath: io.fieldPath } : {}),
  };
}

/** Events about one object, newest first, as `kubectl describe` selects them (involvedObject fields). */
export async function eventsFor(client: KubeClient, object: InvolvedObject): Promise<EventRow[]> {
  const fields = [`involvedObject.kind=${object.kind}`, `involvedObject.name=${object.name}`];
  if (object.namespace) fields.push(`involvedObject.namespace=${object.namespace}`);
  if (object.uid) fields.push(`involvedObject.uid=${object.uid}`);
  const list = await client.get<KubeList<KubeEvent>>({ group: '', version: 'v1', resource: 'events', namespace: object.namespace }, { fieldSelector: fields.join(',') });
  return list.items.map(row).sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
}
