import { clusterName } from '@/server/api/names';
import { podWatchQuery } from '@/server/api/pod-query';
import { clusterPodWatch } from '@/server/api/pod-watch';
import { parseInput, searchParams, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = streamRoute(async (request, ctx: RouteContext<'/api/v1/clusters/[cluster]/pods/watch'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return await clusterPodWatch(request, cluster, parseInput(podWatchQuery, searchParams(request), 'query'));
});
