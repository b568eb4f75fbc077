import 'server-only';
/** Test scaffolding: a route handler called as Next.js calls it, with the matched route in its work store. */
import { workAsyncStorage, type WorkStore } from 'next/dist/server/app-render/work-async-storage.external';

export function asRoute<T>(route: string, fn: () => Promise<T>): Promise<T> {
  return workAsyncStorage.run({ route, page: `${route}/route` } as WorkStore, fn);
}
