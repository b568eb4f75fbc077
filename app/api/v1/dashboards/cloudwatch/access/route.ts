import { cloudWatchAccessRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const GET = dashboardRoute((request) => cloudWatchAccessRoute(request));
