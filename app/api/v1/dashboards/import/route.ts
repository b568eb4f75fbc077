import { importRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const POST = dashboardRoute((request) => importRoute(request));
