import 'server-only';
import { config } from '../config';
import { selfMatrix } from './access';
import { inPool, resourceAttributes, selfAccessReview } from './access-reviews';
import type { KubeClient } from './client';
import { isForbidden } from './errors';
import { listAll } from './list-all';
import type { ObjectMeta } from './pods';
import { section, type Section } from './section';

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

interface NamespaceObject {
  metadata?: ObjectMeta;
  status?: { phase?: string };
}

interface ResourceQuotaObject {
  metadata?: ObjectMeta;
  spec?: { hard?: Record<string, string> };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

interface LimitRangeObject {
  metadata?: ObjectMeta;
  spec?: {
    limits?: {
      type?: string;
      min?: Record<string, string>;
      max?: Record<string, string>;
      default?: Record<string, string>;
      defaultRequest?: Record<string, string>;
      maxLimitRequestRatio?: Record<string, string>;
    }[];
  };
}

/** A ResourceQuota as `kubectl describe quota` prints it: each resource of status.hard with its use, by name. */
export interface QuotaRow {
  name: string;
  resources: { resource: string; used: string; hard: string }[];
}

/** A LimitRange as `kubectl describe limitrange` prints it: one line per type and resource, "-" where unset. */
export interface LimitRangeRow {
  name: string;
  limits: { type: string; resource: string; min: string; max: string; defaultRequest: string; default: string; maxLimitRequestRatio: string }[];
}

/** What the caller may do to one of the main resources in the namespace. */
export interface NamespaceVerbs {
  label: string;
  group: string;
  resource: string;
  verbs: string[];
}

export interface NamespaceDetail extends NamespaceChoice {
  /** Read from the Namespace object, when the caller may read it. */
  object: Section<{ phase: string; creationTimestamp: string; labels: Record<string, string> }>;
  quotas: Section<QuotaRow[]>;
  limitRanges: Section<LimitRangeRow[]>;
  access: Section<NamespaceVerbs[]>;
}

export interface NamespaceDetails extends Omit<NamespaceChoices, 'namespaces'> {
  namespaces: NamespaceDetail[];
}

/** The kinds the Namespaces page shows verbs for: the Can-I matrix's rows without subresources. */
const VERB_RESOURCES = new Set([
  'pods',
  'services',
  'configmaps',
  'secrets',
  'events',
  'deployments.apps',
  'statefulsets.apps',
  'jobs.batch',
  'cronjobs.batch',
  'horizontalpodautoscalers.autoscaling',
]);

export function quotaRow(quota: ResourceQuotaObject): QuotaRow {
  // Before the quota controller has run, status is empty: the spec's hard limits with nothing used, as describe shows.
  const hard = quota.status?.hard && Object.keys(quota.status.hard).length ? quota.status.hard : (quota.spec?.hard ?? {});
  const used = quota.status?.used ?? {};
  return {
    name: quota.metadata?.name ?? '',
    resources: Object.keys(hard)
      .sort()
      .map((resource) => ({ resource, used: used[resource] ?? '0', hard: hard[resource] })),
  };
}

export function limitRangeRow(range: LimitRangeObject): LimitRangeRow {
  const limits = (range.spec?.limits ?? []).flatMap((item) => {
    const parts = [item.min, item.max, item.default, item.defaultRequest, item.maxLimitRequestRatio];
    const resources = [...new Set(parts.flatMap((p) => Object.keys(p ?? {})))].sort();
    const at = (values: Record<string, string> | undefined, resource: string) => values?.[resource] ?? '-';
    return resources.map((resource) => ({
      type: item.type ?? '',
      resource,
      min: at(item.min, resource),
      max: at(item.max, resource),
      defaultRequest: at(item.defaultRequest, resource),
      default: at(item.default, resource),
      maxLimitRequestRatio: at(item.maxLimitRequestRatio, resource),
    }));
  });
  return { name: range.metadata?.name ?? '', limits };
}

async function namespaceVerbs(client: KubeClient, namespace: string): Promise<NamespaceVerbs[]> {
  const matrix = await selfMatrix(client, namespace);
  return matrix.rows
    .filter((row) => !row.subresource && VERB_RESOURCES.has(row.label))
    .map((row) => ({ label: row.label, group: row.group, resource: row.resource, verbs: matrix.verbs.filter((verb) => row.cells[verb]?.allowed) }));
}

/**
 * Each namespace the caller can use (as the namespace picker lists them) with its phase, age and
 * labels, its ResourceQuotas and LimitRanges, and what the caller may do there (one
 * SelfSubjectRulesReview each); a part the caller may not read carries its error instead.
 */
export async function namespaceDetails(client: KubeClient, requested: string[]): Promise<NamespaceDetails> {
  const choices = await namespaceChoices(client, requested);
  const detail = async (choice: NamespaceChoice): Promise<NamespaceDetail> => {
    const [object, quotas, limitRanges, access] = await Promise.all([
      section(async () => {
        const ns = await client.get<NamespaceObject>({ group: '', version: 'v1', resource: 'namespaces', name: choice.name });
        return { phase: ns.status?.phase ?? '', creationTimestamp: ns.metadata?.creationTimestamp ?? '', labels: ns.metadata?.labels ?? {} };
      }),
      section(async () => (await listAll<ResourceQuotaObject>(client, { group: '', version: 'v1', resource: 'resourcequotas', namespace: choice.name })).map(quotaRow)),
      section(async () => (await listAll<LimitRangeObject>(client, { group: '', version: 'v1', resource: 'limitranges', namespace: choice.name })).map(limitRangeRow)),
      section(() => namespaceVerbs(client, choice.name)),
    ]);
    return { ...choice, object, quotas, limitRanges, access };
  };
  return { ...choices, namespaces: await inPool(choices.namespaces, 4, detail) };
}
