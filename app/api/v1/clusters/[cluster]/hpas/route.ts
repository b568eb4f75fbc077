import { z } from 'zod';
import { clusterHpas } from '@/server/api/hpas';
import { clusterName } from '@/server/api/names';
import { namespaceOrAll } from '@/server/api/pod-query';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

const query = z.object({ namespace: namespaceOrAll });

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/hpas'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterHpas(request, cluster, parseInput(query, searchParams(request), 'query').namespace);
});
