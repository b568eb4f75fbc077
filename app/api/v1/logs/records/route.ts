import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { getLogRecord } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, searchParams } from '@/server/http';

const query = z.object({ cluster: clusterName, ptr: z.string().min(1).max(2048) });

export const GET = jsonRoute(async (request) => {
  const { cluster, ptr } = parseInput(query, searchParams(request), 'query');
  return getLogRecord(request, cluster, ptr);
});
