import { canCheck } from '@/server/api/can';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput } from '@/server/http';

export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/access/can'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return canCheck(request, cluster);
});
