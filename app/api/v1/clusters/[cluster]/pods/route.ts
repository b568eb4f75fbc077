import { clusterPods } from '@/server/api/pods';
import { clusterName } from '@/server/api/names';
import { podListQuery } from '@/server/api/pod-query';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/pods'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterPods(request, cluster, parseInput(podListQuery, searchParams(request), 'query'));
});
