import { clusterName } from '@/server/api/names';
import { anyObjectName, clusterResourceObject, resourceObjectQuery, resourcePathParams } from '@/server/api/resources';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]/[name]'>) => {
  const { cluster, name, ...resource } = await ctx.params;
  const { namespace } = parseInput(resourceObjectQuery, searchParams(request), 'query');
  return clusterResourceObject(request, parseInput(clusterName, cluster, 'cluster'), parseInput(resourcePathParams, resource, 'path'), parseInput(anyObjectName, name, 'name'), namespace);
});
