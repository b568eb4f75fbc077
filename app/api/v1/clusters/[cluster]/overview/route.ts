import { z } from 'zod';
import { clusterOverview } from '@/server/api/console';
import { clusterName, namespaceName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

const query = z.object({ namespace: namespaceName });

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/overview'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  const { namespace } = parseInput(query, searchParams(request), 'query');
  return clusterOverview(request, cluster, namespace);
});
