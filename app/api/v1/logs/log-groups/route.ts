import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { logGroups } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request) => {
  const { cluster } = parseInput(z.object({ cluster: clusterName }), searchParams(request), 'query');
  return logGroups(request, cluster);
});
