import { applyYaml } from '@/server/api/apply';
import { clusterName } from '@/server/api/names';
import { anyObjectName, resourceObjectQuery, resourcePathParams } from '@/server/api/resources';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

/** Edit as YAML: this object's YAML applied server-side as the field manager watchdeck, a dry run when asked. */
export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]/[name]/apply'>) => {
  const { cluster, name, ...resource } = await ctx.params;
  const { namespace } = parseInput(resourceObjectQuery, searchParams(request), 'query');
  return applyYaml(request, parseInput(clusterName, cluster, 'cluster'), parseInput(resourcePathParams, resource, 'path'), { namespace, name: parseInput(anyObjectName, name, 'name') });
});
