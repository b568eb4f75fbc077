import { clusterName } from '@/server/api/names';
import { revealSecret } from '@/server/api/secrets';
import { jsonRoute, parseInput } from '@/server/http';

export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/secrets/[name]/reveal'>) => {
  const p = await ctx.params;
  return revealSecret(request, parseInput(clusterName, p.cluster, 'cluster'), p.namespace, p.name);
});
