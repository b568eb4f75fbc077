import 'server-only';
/** Whether the caller may do each of a page's actions, asked of the API server as the caller, remembered briefly. */
import { createHash } from 'node:crypto';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import { inPool, resourceAttributes, selfAccessReview } from './access-reviews';
import type { KubeClient } from './client';
import type { RequestIdentity } from './identity';

export interface CanCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface CanResult {
  allowed: boolean;
  /** What a 403 for this request would say is missing (lib/k8s/rbac/forbidden.ts), when not allowed. */
  missing?: MissingPermission;
}

/** Reviews in flight at once for one request. */
const IN_FLIGHT = 8;
const MAX_ENTRIES = 10_000;

/** How long an answer is reused for the same identity and check (the page's own staleTime). */
export const canTimings = { ttlMs: 30_000 };

interface Remembered {
  allowed: Promise<boolean>;
  /** When it was asked. */
  at: number;
}

// A cache only: each replica asks the API server for itself, and an answer is at most 30 s old, as kubectl's discovery cache is older still; no replica acts on another's answer.
const holder = globalThis as unknown as { __watchdeckCan?: Map<string, Remembered> };
function cache(): Map<string, Remembered> {
  holder.__watchdeckCan ??= new Map();
  return holder.__watchdeckCan;
}

/** A key naming the identity without holding its token. */
export function identityKey(cluster: string, identity: RequestIdentity): string {
  const who = identity.mode === 'token' ? `token\0${identity.token}` : identity.mode === 'proxy' ? `proxy\0${identity.username}\0${identity.groups.join('\0')}` : 'kubeconfig';
  return createHash('sha256').update(`${cluster}\0${who}`).digest('base64url');
}

function checkKey(c: CanCheck): string {
  return [c.verb, c.group, c.resource, c.subresource ?? '', c.namespace ?? '', c.name ?? ''].join('\0');
}

/** Forgets every remembered answer (tests, and after the caller's own RBAC changes). */
export function forgetCanAnswers(): void {
  cache().clear();
}

/**
 * The answer for one identity and check: the remembered one while fresh (or still being asked, so
 * callers in the same moment share one review), else what `ask` says, remembered for
 * canTimings.ttlMs; an ask that fails is forgotten.
 */
export function rememberedAnswer(key: string, check: CanCheck, ask: () => Promise<boolean>, now = Date.now): Promise<boolean> {
  const remembered = cache();
  const k = `${key}\0${checkKey(check)}`;
  const hit = remembered.get(k);
  if (hit && now() - hit.at < canTimings.ttlMs) return hit.allowed;
  const allowed = ask();
  if (remembered.size >= MAX_ENTRIES) {
    const t = now();
    for (const [old, v] of remembered) if (t - v.at >= canTimings.ttlMs) remembered.delete(old);
    if (remembered.size >= MAX_ENTRIES) remembered.clear();
  }
  remembered.set(k, { allowed, at: now() });
  allowed.catch(() => remembered.get(k)?.allowed === allowed && remembered.delete(k));
  return allowed;
}

/** A SelfSubjectAccessReview's answer for one check. */
export async function reviewCheck(client: KubeClient, check: CanCheck): Promise<boolean> {
  return (await selfAccessReview(client, resourceAttributes(check))).allowed;
}

/**
 * Asks SelfSubjectAccessReviews for each check, at most IN_FLIGHT at a time, in order; an answer
 * for the same identity and check is reused for canTimings.ttlMs, whoever asked it first.
 */
export async function canEach(client: KubeClient, key: string, username: string, checks: CanCheck[], now = Date.now): Promise<CanResult[]> {
  return inPool(checks, IN_FLIGHT, async (check) => {
    const allowed = await rememberedAnswer(key, check, () => reviewCheck(client, check), now);
    if (allowed) return { allowed };
    return {
      allowed,
      missing: {
        verb: check.verb,
        resource: check.resource,
        subresource: check.subresource ?? '',
        group: check.group,
        namespace: check.namespace ?? '',
        name: check.name ?? '',
        user: username,
      },
    };
  });
}

/** The checks that make a cluster-wide reader: list pods and list events in every namespace. */
export const CLUSTER_WIDE_READER: CanCheck[] = [
  { verb: 'list', group: '', resource: 'pods' },
  { verb: 'list', group: '', resource: 'events' },
];

/** Whether the API server lets the caller list pods and events in all namespaces. */
export async function isClusterWideReader(client: KubeClient, key: string, username: string): Promise<boolean> {
  return (await canEach(client, key, username, CLUSTER_WIDE_READER)).every((r) => r.allowed);
}
