import { hpaHistoryQuery } from '@/server/api/hpa-query';
import { clusterHpaHistory } from '@/server/api/hpas';
import { clusterName, namespaceName } from '@/server/api/names';
import { objectName } from '@/server/api/pod-query';
import { hpaNow } from '@/server/hpa/clock';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces/[namespace]/hpas/[name]/history'>) => {
  const p = await ctx.params;
  const q = parseInput(hpaHistoryQuery, searchParams(request), 'query');
  const to = q.to ?? new Date(hpaNow());
  const from = q.from ?? new Date(to.getTime() - 3_600_000);
  return clusterHpaHistory(request, parseInput(clusterName, p.cluster, 'cluster'), parseInput(namespaceName, p.namespace, 'namespace'), parseInput(objectName, p.name, 'HPA name'), from, to);
});
