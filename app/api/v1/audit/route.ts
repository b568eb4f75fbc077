import { auditTrail } from '@/server/api/can';
import { jsonRoute, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request) => auditTrail(request, searchParams(request)));
