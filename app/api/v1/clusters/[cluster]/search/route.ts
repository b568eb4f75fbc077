import { clusterName } from '@/server/api/names';
import { clusterSearch, searchQuery } from '@/server/api/search';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/search'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterSearch(request, cluster, parseInput(searchQuery, searchParams(request), 'query'));
});
