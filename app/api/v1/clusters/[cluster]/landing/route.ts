import { clusterLanding } from '@/server/api/console';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/landing'>) =>
  clusterLanding(request, parseInput(clusterName, (await ctx.params).cluster, 'cluster')),
);
