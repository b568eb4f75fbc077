import 'server-only';
import { config } from '../config';
import { resourceAttributes, selfAccessReview } from './access-reviews';
import type { KubeClient } from './client';
import { isForbidden } from './errors';

export interface NamespaceChoice {
  name: string;
  source: 'list' | 'configured' | 'requested';
}

export interface NamespaceChoices {
  namespaces: NamespaceChoice[];
  canListAll: boolean;
  omitted: { name: string; reason: string }[];
}

interface NamespaceList {
  items: { metadata?: { name?: string } }[];
}

async function canListPods(client: KubeClient, namespace: string): Promise<{ allowed: boolean; reason: string }> {
  const status = await selfAccessReview(client, resourceAttributes({ verb: 'list', resource: 'pods', namespace }));
  const why = status.reason || status.evaluationError;
  return { allowed: status.allowed, reason: `cannot list pods in namespace "${namespace}"${why ? `: ${why}` : ''}` };
}

/**
 * The namespaces the caller can use: every namespace when they may list them; otherwise the
 * configured (WATCHDECK_NAMESPACES) and requested ones in which a SelfSubjectAccessReview says
 * they may list pods, with the others named in `omitted`.
 */
export async function namespaceChoices(client: KubeClient, requested: string[]): Promise<NamespaceChoices> {
  const configured = config().namespaces;
  try {
    const list = await client.get<NamespaceList>({ group: '', version: 'v1', resource: 'namespaces' });
    const names = list.items
      .map((n) => n.metadata?.name ?? '')
      .filter(Boolean)
      .sort();
    const existing = new Set(names);
    const missing = [...new Set([...configured, ...requested])].filter((n) => !existing.has(n));
    return {
      namespaces: names.map((name) => ({ name, source: 'list' })),
      canListAll: true,
      omitted: missing.map((name) => ({ name, reason: `namespace "${name}" not found` })),
    };
  } catch (err) {
    if (!isForbidden(err)) throw err;
  }
  const candidates: NamespaceChoice[] = [];
  for (const name of configured) candidates.push({ name, source: 'configured' });
  for (const name of requested) if (!configured.includes(name) && !candidates.some((c) => c.name === name)) candidates.push({ name, source: 'requested' });
  const reviews = await Promise.all(candidates.map((c) => canListPods(client, c.name)));
  const result: NamespaceChoices = { namespaces: [], canListAll: false, omitted: [] };
  candidates.forEach((candidate, i) => {
    if (reviews[i].allowed) result.namespaces.push(candidate);
    else result.omitted.push({ name: candidate.name, reason: reviews[i].reason });
  });
  return result;
}
