import { clusterEvents, clusterEventStream, clusterEventWatch, eventFilterQuery, eventWatchQuery } from '@/server/api/events';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

type Ctx = RouteContext<'/api/v1/clusters/[cluster]/events'>;

const list = jsonRoute(async (request, _reply, ctx: Ctx) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterEvents(request, cluster, parseInput(eventFilterQuery, searchParams(request), 'query'));
});

const stream = streamRoute(async (request, ctx: Ctx) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterEventStream(request, cluster, parseInput(eventFilterQuery, searchParams(request), 'query'));
});

const watch = streamRoute(async (request, ctx: Ctx) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterEventWatch(request, cluster, parseInput(eventWatchQuery, searchParams(request), 'query'));
});

/** One URL, three answers by Accept, as the any-resource list: JSON, the list as one NDJSON line for the live table, or the watch as Server-Sent Events. */
export function GET(request: Request, ctx: Ctx): Promise<Response> {
  const accept = request.headers.get('accept') ?? '';
  if (accept.includes('text/event-stream')) return watch(request, ctx);
  if (accept.includes('application/x-ndjson')) return stream(request, ctx);
  return list(request, ctx);
}
