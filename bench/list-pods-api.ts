/**
 * Every pod through the console's paged API (GET /api/v1/clusters/{cluster}/pods), page after page as
 * the pods page asks for them. Run directly, it lists once and prints the count, so that a bench can
 * time the console's API from a process of its own as it times kubectl:
 *
 *   BENCH_BASE=http://127.0.0.1:PORT BENCH_COOKIE='…' BENCH_CLUSTER=eks-work-cluster node --import tsx bench/list-pods-api.ts
 */
import path from 'node:path';

/** The paged API's sizes as a client paging by hand would use them (the stream's are the same). */
export const FIRST_PAGE = 500;
export const NEXT_PAGES = 10_000;

/** Every pod through the console API, page after page as the page asks for them. */
export async function listThroughApi(base: string, cookie: string, CLUSTER: string): Promise<{ names: string[]; ms: number }> {
  const started = performance.now();
  const names: string[] = [];
  let next = '';
  let limit = FIRST_PAGE;
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    if (next) query.set('continue', next);
    const response = await fetch(`${base}/api/v1/clusters/${CLUSTER}/pods?${query}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`the pods API answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { items: { name: string }[]; continue?: string };
    for (const item of page.items) names.push(item.name);
    next = page.continue ?? '';
    limit = NEXT_PAGES;
  } while (next);
  return { names, ms: performance.now() - started };
}

// Run directly: the session cookie comes in the environment, not the command line other users can read.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { names } = await listThroughApi(process.env.BENCH_BASE!, process.env.BENCH_COOKIE!, process.env.BENCH_CLUSTER!);
  console.log(names.length);
}
