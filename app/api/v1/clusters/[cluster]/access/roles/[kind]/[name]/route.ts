import { accessRole } from '@/server/api/access';
import { clusterName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/access/roles/[kind]/[name]'>) => {
  const p = await ctx.params;
  return accessRole(request, parseInput(clusterName, p.cluster, 'cluster'), p.kind, p.name, searchParams(request));
});
