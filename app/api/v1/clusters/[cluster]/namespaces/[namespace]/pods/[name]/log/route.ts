import { clusterPodLog } from '@/server/api/logs';
import { clusterName, namespaceName } from '@/server/api/names';
import { objectName, podLogQuery } from '@/server/api/pod-query';
import { parseInput, searchParams, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = streamRoute(async (request, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/pods/[name]/log'>) => {
  const p = await ctx.params;
  return await clusterPodLog(
    request,
    parseInput(clusterName, p.cluster, 'cluster'),
    parseInput(namespaceName, p.namespace, 'namespace'),
    parseInput(objectName, p.name, 'pod name'),
    parseInput(podLogQuery, searchParams(request), 'query'),
  );
});
