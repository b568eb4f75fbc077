import { clusterName } from '@/server/api/names';
import { clusterSecrets } from '@/server/api/secrets';
import { jsonRoute, parseInput } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/secrets'>) => {
  const p = await ctx.params;
  return clusterSecrets(request, parseInput(clusterName, p.cluster, 'cluster'), p.namespace);
});
