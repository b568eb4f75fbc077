import { clusterName } from '@/server/api/names';
import { podWatchQuery } from '@/server/api/pod-query';
import { clusterPodWatch } from '@/server/api/pod-watch';
import { errorResponse, parseInput, searchParams } from '@/server/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, ctx: RouteContext<'/api/v1/clusters/[cluster]/pods/watch'>): Promise<Response> {
  try {
    const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
    return await clusterPodWatch(request, cluster, parseInput(podWatchQuery, searchParams(request), 'query'));
  } catch (err) {
    return errorResponse(err);
  }
}
