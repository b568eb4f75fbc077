import { createRoute, listRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const GET = dashboardRoute((request) => listRoute(request));
export const POST = dashboardRoute((request) => createRoute(request));
