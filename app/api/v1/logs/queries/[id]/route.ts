import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { cancelQuery, getQuery } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

const query = z.object({ cluster: clusterName });
const queryId = z.string().uuid('a query id from POST /api/v1/logs/queries');

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/logs/queries/[id]'>) => {
  const { cluster } = parseInput(query, searchParams(request), 'query');
  return getQuery(request, cluster, parseInput(queryId, (await ctx.params).id, 'query id'));
});

export const DELETE = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/logs/queries/[id]'>) => {
  const { cluster } = parseInput(query, searchParams(request), 'query');
  return cancelQuery(request, cluster, parseInput(queryId, (await ctx.params).id, 'query id'));
});
