import { accessCheck } from '@/server/api/access';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput, readJsonBody } from '@/server/http';
import { z } from 'zod';

export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/access/check'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  return accessCheck(request, cluster, await readJsonBody(request, z.unknown()));
});
