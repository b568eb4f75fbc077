import 'server-only';
import type { GetOptions, KubeClient, Query, ResourceRef } from './client';
import type { KubeList } from './pods';

/**
 * kubectl's page (--chunk-size). The Nodes list reads all 150,000 active pods of the scale sandbox in
 * 4.5–6.0 s and peaks 35–40 MiB over its resting memory in pages of 500, in 5.8–6.6 s and 110–125 MiB
 * in pages of 5,000 (bench/nodes-list.ts --console-only).
 */
const PAGE = 500;

/** Every item of a collection, fetched in pages as kubectl does (limit/continue). */
export async function listAll<T>(client: KubeClient, ref: ResourceRef, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  await eachPage<T>(client, ref, query, (page) => items.push(...page));
  return items;
}

/** Every page of a collection, each handed to `take` and then let go, so the whole collection is never held at once. */
export async function eachPage<T>(client: KubeClient, ref: ResourceRef, query: Query, take: (items: T[]) => void, options?: GetOptions): Promise<void> {
  let next: string | undefined;
  do {
    const page = await client.get<KubeList<T>>(ref, { ...query, limit: PAGE, continue: next }, options);
    take(page.items);
    next = page.metadata?.continue || undefined;
  } while (next);
}
