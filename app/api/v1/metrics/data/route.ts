import { metricData } from '@/server/metrics/api';
import { jsonRoute, searchParams } from '@/server/http';

/** A read: GET with the widget's metrics JSON-encoded in `query`, so no CSRF token is needed. */
export const GET = jsonRoute(async (request) => metricData(request, searchParams(request)));
