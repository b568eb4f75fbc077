import { publishRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const POST = dashboardRoute(async (request, ctx: RouteContext<'/api/v1/dashboards/[id]/publish'>) => publishRoute(request, await ctx.params));
