import { clusterWhoami } from '@/server/api/console';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/whoami'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterWhoami(request, cluster);
});
