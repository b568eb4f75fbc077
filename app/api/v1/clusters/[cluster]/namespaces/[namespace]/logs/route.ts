import { clusterSelectorLogs } from '@/server/api/logs';
import { clusterName, namespaceName } from '@/server/api/names';
import { selectorLogQuery } from '@/server/api/pod-query';
import { parseInput, searchParams, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = streamRoute(async (request, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/logs'>) => {
  const p = await ctx.params;
  const { labelSelector, ...options } = parseInput(selectorLogQuery, searchParams(request), 'query');
  return await clusterSelectorLogs(request, parseInput(clusterName, p.cluster, 'cluster'), parseInput(namespaceName, p.namespace, 'namespace'), labelSelector, options);
});
