import { clusterName } from '@/server/api/names';
import { clusterNodes } from '@/server/api/pods';
import { jsonRoute, parseInput } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/nodes'>) => {
  return clusterNodes(request, parseInput(clusterName, (await ctx.params).cluster, 'cluster'));
});
