import { z } from 'zod';
import { parseRange } from '@/server/alarms/api';
import { containerInsights } from '@/server/alarms/container-insights';
import { clusterName, namespaceName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

const query = z.object({ namespace: namespaceName.optional() });

/** Container Insights charts shown beside the signals. */
export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/signals/metrics'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  const params = searchParams(request);
  const { namespace } = parseInput(query, { namespace: params.namespace || undefined }, 'query');
  return containerInsights(request, cluster, namespace, parseRange(params));
});
