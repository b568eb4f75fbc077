import { hpaWhatIfQuery } from '@/server/api/hpa-query';
import { clusterHpa } from '@/server/api/hpas';
import { clusterName, namespaceName } from '@/server/api/names';
import { objectName } from '@/server/api/pod-query';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/hpas/[name]'>) => {
  const p = await ctx.params;
  const whatIf = parseInput(hpaWhatIfQuery, searchParams(request), 'what-if');
  const given = Object.values(whatIf).some((v) => v !== undefined);
  return clusterHpa(
    request,
    parseInput(clusterName, p.cluster, 'cluster'),
    parseInput(namespaceName, p.namespace, 'namespace'),
    parseInput(objectName, p.name, 'HPA name'),
    given ? whatIf : undefined,
  );
});
