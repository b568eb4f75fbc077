import { putRetention, retentionBody } from '@/server/api/logs-insights';
import { jsonRoute, readJsonBody } from '@/server/http';

export const PUT = jsonRoute(async (request) => putRetention(request, await readJsonBody(request, retentionBody)));
