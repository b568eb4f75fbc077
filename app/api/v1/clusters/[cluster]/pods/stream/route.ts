import { clusterName } from '@/server/api/names';
import { podStreamQuery } from '@/server/api/pod-query';
import { clusterPodStream } from '@/server/api/pods';
import { parseInput, searchParams, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = streamRoute(async (request, ctx: RouteContext<'/api/v1/clusters/[cluster]/pods/stream'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return await clusterPodStream(request, cluster, parseInput(podStreamQuery, searchParams(request), 'query'));
});
