import { putRetention, retentionBody } from '@/server/api/logs-insights';
import { jsonRoute, readJsonBody } from '@/server/http';
import { BODY_LIMITS } from '@/server/request-body';

export const PUT = jsonRoute(async (request) => putRetention(request, await readJsonBody(request, retentionBody, BODY_LIMITS.form)));
