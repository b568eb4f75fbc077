import 'server-only';
import { logAccess } from '../logs/access';
import { surroundingEvents, type Surrounding } from '../logs/surrounding';
import { logsCaller } from './logs-insights';

/** GET /api/v1/logs/records/surrounding: the record's neighbouring lines, for whoever may read the record. */
export async function getSurroundingLines(request: Request, cluster: string, ptr: string, before: number, after: number): Promise<Surrounding> {
  const { client } = await logsCaller(request, cluster);
  return surroundingEvents(ptr, cluster, await logAccess(client), before, after);
}
