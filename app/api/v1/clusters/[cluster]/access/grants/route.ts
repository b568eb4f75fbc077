import { accessGrants } from '@/server/api/access';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/access/grants'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return accessGrants(request, cluster, searchParams(request));
});
