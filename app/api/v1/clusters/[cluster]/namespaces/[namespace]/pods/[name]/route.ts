import { clusterName, namespaceName } from '@/server/api/names';
import { objectName } from '@/server/api/pod-query';
import { clusterPod } from '@/server/api/pods';
import { jsonRoute, parseInput } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/pods/[name]'>) => {
  const p = await ctx.params;
  return clusterPod(request, parseInput(clusterName, p.cluster, 'cluster'), parseInput(namespaceName, p.namespace, 'namespace'), parseInput(objectName, p.name, 'pod name'));
});
