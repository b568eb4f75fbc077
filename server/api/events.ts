import 'server-only';
/** The Events page: every Event of a namespace or the cluster, filtered by the API server's field selectors, listed and watched. */
import { z } from 'zod';
import type { StreamingKubeClient } from '../k8s/client';
import type { RequestIdentity } from '../k8s/identity';
import { refGroup, servedResources } from '../k8s/discovery';
import { CORE_EVENTS_REF, EVENTS_V1_REF, eventFieldSelector, eventRows, listClusterEvents, type ClusterEventRow, type EventsApi } from '../k8s/events';
import { openRowWatch } from '../k8s/pod-watch';
import type { Omitted } from '../k8s/pods';
import { callerClient } from './cluster-client';
import { anyObjectName } from './resources';
import { namespaceOrAll, podWatchQuery } from './pod-query';
import { ndjsonPages } from './ndjson';
import { relayWatch } from './pod-watch';

/** The filters, checked before they become field selector terms: a value outside these never reaches the API server. */
export const eventFilterQuery = z.object({
  namespace: namespaceOrAll,
  type: z.enum(['Normal', 'Warning']).optional(),
  // An Event's reason is a short UpperCamelCase word (validation allows up to 128 characters).
  reason: z
    .string()
    .max(128, 'a reason has at most 128 characters')
    .regex(/^[A-Za-z0-9_.-]+$/, 'a reason is letters, digits, "_", "." and "-"')
    .optional(),
  kind: z
    .string()
    .max(63, 'a kind has at most 63 characters')
    .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a kind is a CamelCase word such as Pod or Deployment')
    .optional(),
  name: anyObjectName.optional(),
});

export const eventWatchQuery = eventFilterQuery.extend({ resourceVersion: podWatchQuery.shape.resourceVersion });

export interface EventList {
  /** The API the Events were read from. */
  api: EventsApi;
  rows: ClusterEventRow[];
  resourceVersion?: string;
  omitted: Omitted[];
}

/**
 * Core v1 where discovery says it is served, as `kubectl events` reads them: the view ClusterRole
 * grants list on core Events only, so a viewer would be refused the same Events in events.k8s.io/v1.
 */
async function eventsApi(client: StreamingKubeClient, identity: RequestIdentity): Promise<EventsApi> {
  const served = await servedResources(client, identity);
  const serves = (ref: { group: string; version: string; resource: string }) =>
    served.some((r) => refGroup(r.group) === ref.group && r.version === ref.version && r.resource === ref.resource && r.verbs.includes('list'));
  return serves(CORE_EVENTS_REF) || !serves(EVENTS_V1_REF) ? 'v1' : 'events.k8s.io/v1';
}

export async function clusterEvents(request: Request, cluster: string, query: z.infer<typeof eventFilterQuery>): Promise<EventList> {
  const { caller, client } = await callerClient(request, cluster);
  const { namespace, ...filter } = query;
  const api = await eventsApi(client, caller.identity);
  return { api, ...(await listClusterEvents(client, api, namespace, filter)) };
}

/** The list as one NDJSON line, for the live table that reads lists as streams (Events expire within hours: one page holds them). */
export async function clusterEventStream(request: Request, cluster: string, query: z.infer<typeof eventFilterQuery>): Promise<Response> {
  async function* once() {
    yield await clusterEvents(request, cluster, query);
  }
  return ndjsonPages(request, cluster, 'events', once(), (page) => page);
}

/** The changes to the listed Events as Server-Sent Events of rows, as the pods and any-resource watches send them. */
export async function clusterEventWatch(request: Request, cluster: string, query: z.infer<typeof eventWatchQuery>): Promise<Response> {
  const { namespace, resourceVersion, ...filter } = query;
  const { caller, client } = await callerClient(request, cluster);
  const api = await eventsApi(client, caller.identity);
  const source = { ref: api === 'v1' ? CORE_EVENTS_REF : EVENTS_V1_REF, rows: eventRows(api) };
  return relayWatch<ClusterEventRow>(request, cluster, { namespace, resourceVersion, fieldSelector: eventFieldSelector(api, filter) }, (c, q, signal) => openRowWatch(c, source, q, signal));
}
