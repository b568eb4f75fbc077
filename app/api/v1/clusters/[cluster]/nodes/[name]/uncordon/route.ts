import { clusterName } from '@/server/api/names';
import { cordonNode } from '@/server/api/node-actions';
import { objectName } from '@/server/api/pod-query';
import { jsonRoute, parseInput } from '@/server/http';

export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/nodes/[name]/uncordon'>) => {
  const p = await ctx.params;
  return cordonNode(request, parseInput(clusterName, p.cluster, 'cluster'), parseInput(objectName, p.name, 'node name'), false);
});
