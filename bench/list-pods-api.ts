/**
 * Every pod through the console's paged API (GET /api/v1/clusters/{cluster}/pods), page after page as
 * the pods page asks for them. Run directly, it lists once and prints the count, so that a bench can
 * time the console's API from a process of its own as it times kubectl:
 *
 *   BENCH_BASE=http://127.0.0.1:PORT BENCH_COOKIE='…' BENCH_CLUSTER=eks-work-cluster node --import tsx bench/list-pods-api.ts
 *
 * Also the reference the console's list is measured against: every pod read straight from the API
 * server in pages of 500 as kubectl and client libraries page (`listFromApiServer`), as JSON or, as
 * the console asks for it, as protobuf.
 */
import https from 'node:https';
import path from 'node:path';
import { PROTOBUF } from '../lib/k8s/protobuf';
import { podListSpans } from '../lib/k8s/protobuf-schemas';

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

/** The pages kubectl asks for (`--chunk-size` 500, its default) and a client library's pagers commonly use. */
export const RAW_PAGE = 500;

/** One GET on a kept-alive connection, its whole body. */
function getBody(agent: https.Agent, url: URL, token: string, accept: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { agent, headers: { Authorization: `Bearer ${token}`, Accept: accept } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        if (response.statusCode !== 200) reject(new Error(`the API server answered ${response.statusCode}: ${body.toString('utf8', 0, 200)}`));
        else if ((response.headers['content-type'] === PROTOBUF) !== (accept === PROTOBUF)) reject(new Error(`the API server answered ${response.headers['content-type']} to ${accept}`));
        else resolve(body);
      });
    });
    request.on('error', reject);
  });
}

/**
 * Every pod straight from the API server (GET /api/v1/pods?limit=500, following `continue`): as JSON,
 * each page parsed as a client would; as protobuf, each page only scanned for its count and continue
 * token. The least any reader of the whole list in that encoding must spend.
 */
export async function listFromApiServer(server: string, token: string, ca: string | undefined, encoding: 'json' | 'protobuf' = 'json'): Promise<{ count: number; ms: number }> {
  const started = performance.now();
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
  let count = 0;
  let next = '';
  try {
    do {
      const url = new URL('/api/v1/pods', server);
      url.searchParams.set('limit', String(RAW_PAGE));
      if (next) url.searchParams.set('continue', next);
      if (encoding === 'protobuf') {
        // Each pod found by its length and left unread.
        const page = podListSpans(await getBody(agent, url, token, PROTOBUF));
        count += page.spans.length;
        next = (page.metadata.continue as string | undefined) ?? '';
      } else {
        const page = JSON.parse((await getBody(agent, url, token, 'application/json')).toString('utf8')) as { items: unknown[]; metadata: { continue?: string } };
        count += page.items.length;
        next = page.metadata.continue ?? '';
      }
    } while (next);
  } finally {
    agent.destroy();
  }
  return { count, ms: performance.now() - started };
}

// Run directly: the session cookie comes in the environment, not the command line other users can read.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { names } = await listThroughApi(process.env.BENCH_BASE!, process.env.BENCH_COOKIE!, process.env.BENCH_CLUSTER!);
  console.log(names.length);
}
