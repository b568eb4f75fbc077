import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { getSurroundingLines } from '@/server/api/log-surrounding';
import { jsonRoute, parseInput, searchParams } from '@/server/http';
import { DEFAULT_SURROUNDING, MAX_SURROUNDING } from '@/lib/logs/surrounding';

const count = z.coerce.number().int().min(1).max(MAX_SURROUNDING).default(DEFAULT_SURROUNDING);
// Strict: the stream is the one the record names, never one the caller names.
const query = z.strictObject({ cluster: clusterName, ptr: z.string().min(1).max(2048), before: count, after: count });

export const GET = jsonRoute(async (request) => {
  const { cluster, ptr, before, after } = parseInput(query, searchParams(request), 'query');
  return getSurroundingLines(request, cluster, ptr, before, after);
});
