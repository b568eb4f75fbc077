import { accessRoles } from '@/server/api/access';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/access/roles'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return accessRoles(request, cluster, searchParams(request));
});
