import { clusterName, namespaceName } from '@/server/api/names';
import { clusterProxy, proxyTargetName } from '@/server/api/proxy';
import { parseInput, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = streamRoute(async (request, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/pods/[name]/proxy/[[...path]]'>) => {
  const p = await ctx.params;
  const namespace = parseInput(namespaceName, p.namespace, 'namespace');
  return clusterProxy(request, parseInput(clusterName, p.cluster, 'cluster'), { resource: 'pods', namespace, name: proxyTargetName(p.name, 'pods') }, p.path ?? []);
});
