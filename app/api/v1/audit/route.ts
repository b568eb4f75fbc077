import { auditTrail } from '@/server/api/audit';
import { jsonRoute, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request) => auditTrail(request, searchParams(request)));
