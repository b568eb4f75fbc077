import 'server-only';
import type { KubeClient } from './client';
import { timestampSince } from '@/lib/k8s/human-duration';
import { podStatus, type PodLike } from '@/lib/k8s/pod-status';
import { section, type Section } from './section';

export type { Section };

export interface PodProblem {
  name: string;
  status: string;
  ready: string;
  restarts: string;
  age: string;
}

/** One Warning event as `kubectl get events --field-selector type=Warning` lists it. */
export interface WarningEvent {
  /** When it was last seen (RFC 3339), the LAST SEEN column's source. */
  lastSeen?: string;
  reason: string;
  /** The involved object's kind and name; OBJECT is "kind/name". */
  kind: string;
  name: string;
  /** The involved object's apiVersion and namespace, so the row links to its page ('' when the Event names none). */
  apiVersion: string;
  namespace: string;
  message: string;
  count: number;
}

export const WARNING_EVENTS_SHOWN = 10;

export interface Overview {
  namespace: string;
  /** The namespace's latest Warning events, newest first, at most WARNING_EVENTS_SHOWN. */
  warnings: Section<WarningEvent[]>;
  pods: Section<{ total: number; byStatus: Record<string, number>; problems: PodProblem[] }>;
  nodes: Section<{ total: number; ready: number; notReady: string[] }>;
  version: Section<{ gitVersion: string; platform: string }>;
}

interface PodList {
  items: (PodLike & { metadata?: { name?: string; creationTimestamp?: string } })[];
}

interface EventList {
  items: {
    metadata?: { creationTimestamp?: string };
    involvedObject?: { kind?: string; name?: string; namespace?: string; apiVersion?: string };
    reason?: string;
    message?: string;
    count?: number;
    lastTimestamp?: string | null;
    eventTime?: string | null;
    series?: { count?: number; lastObservedTime?: string } | null;
  }[];
}

interface NodeList {
  items: { metadata?: { name?: string }; status?: { conditions?: { type: string; status: string }[] } }[];
}

export async function podsSummary(client: KubeClient, namespace: string, now: Date) {
  const list = await client.get<PodList>({ group: '', version: 'v1', resource: 'pods', namespace });
  const byStatus: Record<string, number> = {};
  const problems: PodProblem[] = [];
  for (const pod of list.items) {
    const s = podStatus(pod, now);
    byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    if (s.severity === 'warning' || s.severity === 'error') {
      problems.push({
        name: pod.metadata?.name ?? '',
        status: s.status,
        ready: s.ready,
        restarts: s.restartsText,
        age: timestampSince(pod.metadata?.creationTimestamp, now),
      });
    }
  }
  problems.sort((a, b) => a.name.localeCompare(b.name));
  return { total: list.items.length, byStatus, problems };
}

export async function nodesSummary(client: KubeClient) {
  const list = await client.get<NodeList>({ group: '', version: 'v1', resource: 'nodes' });
  const notReady: string[] = [];
  for (const node of list.items) {
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status !== 'True') notReady.push(node.metadata?.name ?? '');
  }
  notReady.sort();
  return { total: list.items.length, ready: list.items.length - notReady.length, notReady };
}

export async function warningEvents(client: KubeClient, namespace: string): Promise<WarningEvent[]> {
  const list = await client.get<EventList>({ group: '', version: 'v1', resource: 'events', namespace }, { fieldSelector: 'type=Warning' });
  return list.items
    .map((event) => {
      const lastSeen = event.series?.lastObservedTime || event.lastTimestamp || event.eventTime || event.metadata?.creationTimestamp || undefined;
      return {
        ...(lastSeen ? { lastSeen } : {}),
        reason: event.reason ?? '',
        kind: event.involvedObject?.kind ?? '',
        name: event.involvedObject?.name ?? '',
        apiVersion: event.involvedObject?.apiVersion ?? '',
        namespace: event.involvedObject?.namespace ?? '',
        message: (event.message ?? '').trim(),
        count: event.series?.count ?? event.count ?? 1,
      };
    })
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .slice(0, WARNING_EVENTS_SHOWN);
}

/** A namespace at a glance: pod states and problems, node readiness, the API server's version, the latest Warning events. */
export async function overview(client: KubeClient, namespace: string, now = new Date()): Promise<Overview> {
  const [pods, nodes, version, warnings] = await Promise.all([
    section(() => podsSummary(client, namespace, now)),
    section(() => nodesSummary(client)),
    section(async () => {
      const v = await client.version();
      return { gitVersion: v.gitVersion, platform: v.platform };
    }),
    section(() => warningEvents(client, namespace)),
  ]);
  return { namespace, pods, nodes, version, warnings };
}
