import { z } from 'zod';
import { clusterNamespaceDetails, clusterNamespaces } from '@/server/api/console';
import { clusterName, namespaceName } from '@/server/api/names';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

const query = z.object({
  include: z
    .string()
    .optional()
    .transform((v) => [
      ...new Set(
        (v ?? '')
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(namespaceName).max(50)),
  /** `true`: each namespace with its phase, quotas, limit ranges and the caller's verbs (the Namespaces page). */
  details: z.enum(['true', 'false']).optional(),
});

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/clusters/[cluster]/namespaces'>) => {
  const cluster = parseInput(clusterName, (await ctx.params).cluster, 'cluster');
  const { include, details } = parseInput(query, searchParams(request), 'query');
  return details === 'true' ? clusterNamespaceDetails(request, cluster, include) : clusterNamespaces(request, cluster, include);
});
