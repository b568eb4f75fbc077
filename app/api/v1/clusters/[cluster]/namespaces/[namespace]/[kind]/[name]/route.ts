import { z } from 'zod';
import { clusterName, namespaceName } from '@/server/api/names';
import { objectName } from '@/server/api/pod-query';
import { clusterWorkload } from '@/server/api/workloads';
import { jsonRoute, parseInput } from '@/server/http';

const kind = z.string().max(20);

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/[kind]/[name]'>) => {
  const p = await ctx.params;
  return clusterWorkload(
    request,
    parseInput(clusterName, p.cluster, 'cluster'),
    parseInput(namespaceName, p.namespace, 'namespace'),
    parseInput(kind, p.kind, 'kind'),
    parseInput(objectName, p.name, 'name'),
  );
});
