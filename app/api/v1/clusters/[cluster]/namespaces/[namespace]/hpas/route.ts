import { clusterHpas } from '@/server/api/hpas';
import { clusterName, namespaceName } from '@/server/api/names';
import { jsonRoute, parseInput } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/hpas'>) => {
  const p = await ctx.params;
  return clusterHpas(request, parseInput(clusterName, p.cluster, 'cluster'), parseInput(namespaceName, p.namespace, 'namespace'));
});
