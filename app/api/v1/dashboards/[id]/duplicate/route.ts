import { duplicateRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const POST = dashboardRoute(async (request, ctx: RouteContext<'/api/v1/dashboards/[id]/duplicate'>) => duplicateRoute(request, await ctx.params));
