import 'server-only';
import { ConsoleError, consoleErrors, type ErrorObject } from '../errors';
import type { KubeClient } from './client';
import { timestampSince } from './human-duration';
import { podStatus, type PodLike } from './pod-status';

/** One panel's result: its data, or the error that stopped it, so one 403 does not hide the rest. */
export type Section<T> = { data: T } | { error: ErrorObject };

export interface PodProblem {
  name: string;
  status: string;
  ready: string;
  restarts: string;
  age: string;
}

export interface Overview {
  namespace: string;
  pods: Section<{ total: number; byStatus: Record<string, number>; problems: PodProblem[] }>;
  nodes: Section<{ total: number; ready: number; notReady: string[] }>;
  version: Section<{ gitVersion: string; platform: string }>;
}

interface PodList {
  items: (PodLike & { metadata?: { name?: string; creationTimestamp?: string } })[];
}

interface NodeList {
  items: { metadata?: { name?: string }; status?: { conditions?: { type: string; status: string }[] } }[];
}

async function section<T>(work: () => Promise<T>): Promise<Section<T>> {
  try {
    return { data: await work() };
  } catch (err) {
    // A rejected token concerns the whole page, not one panel.
    if (err instanceof ConsoleError && err.kind === 'Unauthorized') throw err;
    if (err instanceof ConsoleError) return { error: err.toJSON() };
    console.error('[watchdeck] overview section failed:', err instanceof Error ? err.stack ?? err.message : err);
    return { error: consoleErrors.internal().toJSON() };
  }
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

/** A namespace at a glance: pod states and problems, node readiness, the API server's version. */
export async function overview(client: KubeClient, namespace: string, now = new Date()): Promise<Overview> {
  const [pods, nodes, version] = await Promise.all([
    section(() => podsSummary(client, namespace, now)),
    section(() => nodesSummary(client)),
    section(async () => {
      const v = await client.version();
      return { gitVersion: v.gitVersion, platform: v.platform };
    }),
  ]);
  return { namespace, pods, nodes, version };
}
