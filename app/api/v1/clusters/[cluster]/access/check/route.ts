import { accessCheck } from '@/server/api/access';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput } from '@/server/http';

export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/access/check'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return accessCheck(request, cluster);
});
