import { clusterName } from '@/server/api/names';
import { objectName } from '@/server/api/pod-query';
import { clusterNode } from '@/server/api/pods';
import { jsonRoute, parseInput } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/nodes/[name]'>) => {
  const p = await ctx.params;
  return clusterNode(request, parseInput(clusterName, p.cluster, 'cluster'), parseInput(objectName, p.name, 'node name'));
});
