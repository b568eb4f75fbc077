import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput } from '@/server/http';
import { collectSignals } from '@/server/signals/collect';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/signals'>) =>
  collectSignals(request, parseInput(clusterName, (await ctx.params).cluster, 'cluster')),
);
