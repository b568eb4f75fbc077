import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { cancelQuery, getQuery } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, searchParams } from '@/server/http';
import { MAX_LIMIT } from '@/lib/logs-insights';

const query = z.object({ cluster: clusterName });
const pageQuery = query
  .extend({
    offset: z.coerce.number().int().min(0).max(MAX_LIMIT).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  })
  .refine((q) => (q.offset === undefined) === (q.limit === undefined) || q.offset === undefined, { message: 'offset needs a limit', path: ['offset'] });
const queryId = z.string().uuid('a query id from POST /api/v1/logs/queries');

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/logs/queries/[id]'>) => {
  const { cluster, offset, limit } = parseInput(pageQuery, searchParams(request), 'query');
  return getQuery(request, cluster, parseInput(queryId, (await ctx.params).id, 'query id'), limit === undefined ? undefined : { offset: offset ?? 0, limit });
});

export const DELETE = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/logs/queries/[id]'>) => {
  const { cluster } = parseInput(query, searchParams(request), 'query');
  return cancelQuery(request, cluster, parseInput(queryId, (await ctx.params).id, 'query id'));
});
