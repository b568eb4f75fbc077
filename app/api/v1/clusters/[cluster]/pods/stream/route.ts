import { clusterName } from '@/server/api/names';
import { podStreamQuery } from '@/server/api/pod-query';
import { clusterPodStream } from '@/server/api/pods';
import { errorResponse, parseInput, searchParams } from '@/server/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, ctx: RouteContext<'/api/v1/clusters/[cluster]/pods/stream'>): Promise<Response> {
  try {
    const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
    return await clusterPodStream(request, cluster, parseInput(podStreamQuery, searchParams(request), 'query'));
  } catch (err) {
    return errorResponse(err);
  }
}
