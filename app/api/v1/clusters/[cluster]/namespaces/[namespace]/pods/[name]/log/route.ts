import { clusterPodLog } from '@/server/api/logs';
import { clusterName, namespaceName } from '@/server/api/names';
import { objectName, podLogQuery } from '@/server/api/pod-query';
import { errorResponse, parseInput, searchParams } from '@/server/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/pods/[name]/log'>): Promise<Response> {
  try {
    const p = await ctx.params;
    return await clusterPodLog(
      request,
      parseInput(clusterName, p.cluster, 'cluster'),
      parseInput(namespaceName, p.namespace, 'namespace'),
      parseInput(objectName, p.name, 'pod name'),
      parseInput(podLogQuery, searchParams(request), 'query'),
    );
  } catch (err) {
    return errorResponse(err);
  }
}
