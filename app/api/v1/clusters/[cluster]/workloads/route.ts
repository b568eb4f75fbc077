import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { namespaceOrAll } from '@/server/api/pod-query';
import { clusterWorkloads } from '@/server/api/workloads';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

const query = z.object({ namespace: namespaceOrAll });

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/workloads'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return clusterWorkloads(request, cluster, parseInput(query, searchParams(request), 'query').namespace);
});
