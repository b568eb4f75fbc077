import { applyYaml } from '@/server/api/apply';
import { clusterName } from '@/server/api/names';
import { clusterResourceStream, clusterResourceTable, clusterResourceWatch, resourceListQuery, resourceObjectQuery, resourcePathParams, resourceWatchQuery } from '@/server/api/resources';
import { jsonRoute, parseInput, searchParams, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

type Ctx = RouteContext<'/api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]'>;

async function target(ctx: Ctx) {
  const { cluster, ...name } = await ctx.params;
  return { cluster: parseInput(clusterName, cluster, 'cluster'), name: parseInput(resourcePathParams, name, 'path') };
}

const list = jsonRoute(async (request, _reply, ctx: Ctx) => {
  const { cluster, name } = await target(ctx);
  return clusterResourceTable(request, cluster, name, parseInput(resourceListQuery, searchParams(request), 'query'));
});

const stream = streamRoute(async (request, ctx: Ctx) => {
  const { cluster, name } = await target(ctx);
  return clusterResourceStream(request, cluster, name, parseInput(resourceListQuery, searchParams(request), 'query'));
});

const watch = streamRoute(async (request, ctx: Ctx) => {
  const { cluster, name } = await target(ctx);
  return clusterResourceWatch(request, cluster, name, parseInput(resourceWatchQuery, searchParams(request), 'query'));
});

/** One URL, three answers by Accept, as the API server answers a Table by Accept: JSON, every page as NDJSON, or the watch as Server-Sent Events. */
export function GET(request: Request, ctx: Ctx): Promise<Response> {
  const accept = request.headers.get('accept') ?? '';
  if (accept.includes('text/event-stream')) return watch(request, ctx);
  if (accept.includes('application/x-ndjson')) return stream(request, ctx);
  return list(request, ctx);
}

/** Create from YAML: the object named in the YAML, applied server-side (as `kubectl apply --server-side`), a dry run when asked. */
export const POST = jsonRoute(async (request, _reply, ctx: Ctx) => {
  const { cluster, name } = await target(ctx);
  const { namespace } = parseInput(resourceObjectQuery, searchParams(request), 'query');
  return applyYaml(request, cluster, name, { namespace });
});
