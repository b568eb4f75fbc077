import 'server-only';
import { escapeFieldValue } from '@/lib/k8s/field-selector';
import type { KubeClient } from './client';
import { isForbidden } from './errors';
import { listableNamespaces, olderResourceVersion, UPSTREAM_PAGE, type KubeList, type ObjectMeta, type Omitted } from './pods';

export interface KubeEvent {
  metadata?: ObjectMeta;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; apiVersion?: string; fieldPath?: string };
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

/** events.k8s.io/v1 Event: the same objects as core v1, with the fields renamed. */
export interface EventsV1Event {
  metadata?: ObjectMeta;
  regarding?: { kind?: string; name?: string; namespace?: string; uid?: string; apiVersion?: string; fieldPath?: string };
  type?: string;
  reason?: string;
  note?: string;
  deprecatedCount?: number;
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  reportingController?: string;
  deprecatedSource?: { component?: string };
}

/** Which API the cluster's Events are read from: events.k8s.io/v1 where served, core v1 otherwise. */
export type EventsApi = 'events.k8s.io/v1' | 'v1';

export const EVENTS_V1_REF = { group: 'events.k8s.io', version: 'v1', resource: 'events' } as const;
export const CORE_EVENTS_REF = { group: '', version: 'v1', resource: 'events' } as const;

/** One event of the Events page, as `kubectl events` prints it, keyed by its uid. */
export interface ClusterEventRow extends Omit<EventRow, 'from' | 'object' | 'fieldPath'> {
  uid: string;
  namespace: string;
  name: string;
  /** reportingController, else source.component. */
  source: string;
  object: { kind: string; name: string; namespace?: string; apiVersion?: string; fieldPath?: string };
}

/** A core v1 Event in the events.k8s.io/v1 shape, as the API server converts between them (Convert_core_Event_To_v1_Event). */
export function fromCore(event: KubeEvent): EventsV1Event {
  return {
    ...(event.metadata ? { metadata: event.metadata } : {}),
    ...(event.involvedObject ? { regarding: event.involvedObject } : {}),
    ...(event.type !== undefined ? { type: event.type } : {}),
    ...(event.reason !== undefined ? { reason: event.reason } : {}),
    ...(event.message !== undefined ? { note: event.message } : {}),
    ...(event.count !== undefined ? { deprecatedCount: event.count } : {}),
    deprecatedFirstTimestamp: event.firstTimestamp ?? null,
    deprecatedLastTimestamp: event.lastTimestamp ?? null,
    eventTime: event.eventTime ?? null,
    ...(event.series ? { series: event.series } : {}),
    ...(event.reportingComponent ? { reportingController: event.reportingComponent } : {}),
    ...(event.source ? { deprecatedSource: { component: event.source.component } } : {}),
  };
}

/** The page's row of an events.k8s.io/v1 Event; last seen as `kubectl events` takes it: the series, else the last timestamp, else the event time. */
export function clusterEventRow(event: EventsV1Event): ClusterEventRow {
  const meta = event.metadata ?? {};
  const about = event.regarding ?? {};
  const lastSeen = event.series?.lastObservedTime || event.deprecatedLastTimestamp || event.eventTime || meta.creationTimestamp || undefined;
  const firstSeen = event.deprecatedFirstTimestamp || event.eventTime || meta.creationTimestamp || undefined;
  return {
    uid: meta.uid ?? '',
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    type: event.type ?? '',
    reason: event.reason ?? '',
    message: (event.note ?? '').trim(),
    count: event.series?.count ?? event.deprecatedCount ?? 1,
    ...(firstSeen ? { firstSeen } : {}),
    ...(lastSeen ? { lastSeen } : {}),
    source: event.reportingController || event.deprecatedSource?.component || '',
    object: {
      kind: about.kind ?? '',
      name: about.name ?? '',
      ...(about.namespace ? { namespace: about.namespace } : {}),
      ...(about.apiVersion ? { apiVersion: about.apiVersion } : {}),
      ...(about.fieldPath ? { fieldPath: about.fieldPath } : {}),
    },
  };
}

/** The filters of the Events page; each becomes one field selector term. */
export interface EventFilter {
  type?: string;
  reason?: string;
  kind?: string;
  name?: string;
}

/**
 * The field selector for the filters, in the field labels each API converts: core v1 names the
 * object `involvedObject.*`, events.k8s.io/v1 `regarding.*` (pkg/apis/events/v1 AddFieldLabelConversionsForEvent).
 * Values are escaped as fields.EscapeValue does, so a value cannot add a term.
 */
export function eventFieldSelector(api: EventsApi, filter: EventFilter): string | undefined {
  const about = api === 'v1' ? 'involvedObject' : 'regarding';
  const terms: [string, string | undefined][] = [
    ['type', filter.type],
    ['reason', filter.reason],
    [`${about}.kind`, filter.kind],
    [`${about}.name`, filter.name],
  ];
  const text = terms
    .filter((t): t is [string, string] => Boolean(t[1]))
    .map(([field, value]) => `${field}=${escapeFieldValue(value)}`)
    .join(',');
  return text || undefined;
}

/** The rows an Events watch event stands for, from either API. */
export function eventRows(api: EventsApi): (object: KubeEvent & EventsV1Event) => ClusterEventRow[] {
  return api === 'v1' ? (event) => [clusterEventRow(fromCore(event))] : (event) => [clusterEventRow(event)];
}

/**
 * Every Event in `namespace` (undefined: every namespace) matching the filter, newest first. All
 * namespaces for a caller who may not list Events cluster-wide: the namespaces they can use, one by
 * one, those refused named in `omitted` with the API server's 403.
 */
export async function listClusterEvents(
  client: KubeClient,
  api: EventsApi,
  namespace: string | undefined,
  filter: EventFilter,
): Promise<{ rows: ClusterEventRow[]; resourceVersion?: string; omitted: Omitted[] }> {
  const ref = api === 'v1' ? CORE_EVENTS_REF : EVENTS_V1_REF;
  const fieldSelector = eventFieldSelector(api, filter);
  const toRow = eventRows(api);
  const read = async (ns: string | undefined) => {
    const items: (KubeEvent & EventsV1Event)[] = [];
    let next: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await client.get<KubeList<KubeEvent & EventsV1Event>>({ ...ref, namespace: ns }, { fieldSelector, limit: UPSTREAM_PAGE, continue: next });
      items.push(...page.items);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      next = page.metadata?.continue || undefined;
    } while (next);
    return { rows: items.flatMap(toRow), resourceVersion };
  };
  const newestFirst = (rows: ClusterEventRow[]) => rows.sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '') || a.uid.localeCompare(b.uid));
  try {
    const { rows, resourceVersion } = await read(namespace);
    return { rows: newestFirst(rows), ...(resourceVersion ? { resourceVersion } : {}), omitted: [] };
  } catch (err) {
    if (namespace !== undefined || !isForbidden(err)) throw err;
  }
  const { namespaces, omitted } = await listableNamespaces(client, { tryDenied: true });
  const rows: ClusterEventRow[] = [];
  let resourceVersion: string | undefined;
  for (const ns of namespaces) {
    try {
      const page = await read(ns);
      rows.push(...page.rows);
      resourceVersion = olderResourceVersion(resourceVersion, page.resourceVersion);
    } catch (err) {
      if (!isForbidden(err)) throw err;
      omitted.push({ name: ns, reason: err.message });
    }
  }
  return { rows: newestFirst(rows), ...(resourceVersion ? { resourceVersion } : {}), omitted };
}
