import 'server-only';
import type { KubeClient, Query, ResourceRef } from './client';
import type { KubeList } from './pods';

const PAGE = 5000;

/** Every item of a collection, fetched in pages as kubectl does (limit/continue). */
export async function listAll<T>(client: KubeClient, ref: ResourceRef, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  do {
    const page = await client.get<KubeList<T>>(ref, { ...query, limit: PAGE, continue: next });
    items.push(...page.items);
    next = page.metadata?.continue || undefined;
  } while (next);
  return items;
}
