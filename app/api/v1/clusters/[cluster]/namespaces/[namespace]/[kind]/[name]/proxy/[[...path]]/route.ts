import { clusterName, namespaceName } from '@/server/api/names';
import { clusterProxy, proxyTargetName } from '@/server/api/proxy';
import { consoleErrors } from '@/server/errors';
import { parseInput, streamRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Services' proxy (pods have their own route); no other kind has one. */
export const GET = streamRoute(async (request, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/[kind]/[name]/proxy/[[...path]]'>) => {
  const p = await ctx.params;
  if (p.kind !== 'services') throw consoleErrors.notFound(`${p.kind.slice(0, 40)} have no proxy; pods and services do`);
  const namespace = parseInput(namespaceName, p.namespace, 'namespace');
  return clusterProxy(request, parseInput(clusterName, p.cluster, 'cluster'), { resource: 'services', namespace, name: proxyTargetName(p.name, 'services') }, p.path ?? []);
});
