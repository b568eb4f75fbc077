import { clusterName } from '@/server/api/names';
import { drainNodeStream } from '@/server/api/node-actions';
import { objectName } from '@/server/api/pod-query';
import { parseInput, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = streamRoute(async (request, ctx: RouteContext<'/api/v1/clusters/[cluster]/nodes/[name]/drain'>) => {
  const p = await ctx.params;
  return drainNodeStream(request, parseInput(clusterName, p.cluster, 'cluster'), parseInput(objectName, p.name, 'node name'));
});
