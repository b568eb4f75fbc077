import { actionName, actionQuery, actionState, runAction } from '@/server/api/actions';
import { clusterName } from '@/server/api/names';
import { anyObjectName, resourcePathParams } from '@/server/api/resources';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

type Ctx = RouteContext<'/api/v1/clusters/[cluster]/actions/[group]/[version]/[resource]/[name]/[action]'>;

async function parsed(request: Request, ctx: Ctx) {
  const { cluster, name, action, ...resource } = await ctx.params;
  const { namespace } = parseInput(actionQuery, searchParams(request), 'query');
  return { cluster: parseInput(clusterName, cluster, 'cluster'), resource: parseInput(resourcePathParams, resource, 'path'), name: parseInput(anyObjectName, name, 'name'), action, namespace };
}

export const GET = jsonRoute(async (request, _reply, ctx: Ctx) => {
  const p = await parsed(request, ctx);
  return actionState(request, p.cluster, p.resource, p.name, p.action, p.namespace);
});

export const POST = jsonRoute(async (request, _reply, ctx: Ctx) => {
  const p = await parsed(request, ctx);
  return runAction(request, p.cluster, p.resource, p.name, parseInput(actionName, p.action, 'action'), p.namespace);
});
