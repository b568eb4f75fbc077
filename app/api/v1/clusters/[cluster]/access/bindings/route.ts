import { accessBindings } from '@/server/api/access';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/access/bindings'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return accessBindings(request, cluster, searchParams(request));
});
