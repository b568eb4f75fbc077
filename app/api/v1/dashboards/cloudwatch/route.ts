import { cloudWatchListRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const GET = dashboardRoute((request) => cloudWatchListRoute(request));
