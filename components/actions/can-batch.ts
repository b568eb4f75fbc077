/**
 * One check request per page: the checks every component of a page asks for in the same tick
 * (an action bar, Edit YAML, a node's drain) go to the console together, each asked once,
 * in requests of at most MAX_CHECKS, and each component gets its own answers back in order.
 */
import type { CanCheck, CanResult } from '@/server/k8s/can';

/** The console's limit on checks in one request (server/api/can.ts). */
export const MAX_CHECKS = 64;

type Send = (cluster: string, checks: CanCheck[]) => Promise<CanResult[]>;

interface Waiting {
  checks: CanCheck[];
  resolve: (results: CanResult[]) => void;
  reject: (err: unknown) => void;
}

const keyOf = (c: CanCheck) => JSON.stringify([c.verb, c.group, c.resource, c.subresource ?? '', c.namespace ?? '', c.name ?? '']);

/** A loader that gathers the checks asked for in one tick per cluster and sends them as few requests as the limit allows. */
export function canBatcher(send: Send, schedule: (flush: () => void) => void = (flush) => setTimeout(flush, 0)) {
  const batches = new Map<string, Waiting[]>();

  async function flush(cluster: string): Promise<void> {
    const waiting = batches.get(cluster) ?? [];
    batches.delete(cluster);
    const unique: CanCheck[] = [];
    const index = new Map<string, number>();
    for (const w of waiting) {
      for (const c of w.checks) {
        const k = keyOf(c);
        if (!index.has(k)) index.set(k, unique.push(c) - 1);
      }
    }
    try {
      const chunks: CanCheck[][] = [];
      for (let i = 0; i < unique.length; i += MAX_CHECKS) chunks.push(unique.slice(i, i + MAX_CHECKS));
      const results = (await Promise.all(chunks.map((chunk) => send(cluster, chunk)))).flat();
      for (const w of waiting) w.resolve(w.checks.map((c) => results[index.get(keyOf(c))!]));
    } catch (err) {
      for (const w of waiting) w.reject(err);
    }
  }

  return (cluster: string, checks: CanCheck[]): Promise<CanResult[]> =>
    new Promise((resolve, reject) => {
      let waiting = batches.get(cluster);
      if (!waiting) {
        waiting = [];
        batches.set(cluster, waiting);
        schedule(() => void flush(cluster));
      }
      waiting.push({ checks, resolve, reject });
    });
}
