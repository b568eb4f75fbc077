import { clusterName } from '@/server/api/names';
import { clusterResources, resourceObjectQuery } from '@/server/api/resources';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/resources'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterResources(request, cluster, parseInput(resourceObjectQuery, searchParams(request), 'query').namespace);
});
