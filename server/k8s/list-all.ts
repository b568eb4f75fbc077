import 'server-only';
import type { GetOptions, KubeClient, Query, ResourceRef } from './client';
import type { KubeList } from './pods';

const PAGE = 5000;

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
