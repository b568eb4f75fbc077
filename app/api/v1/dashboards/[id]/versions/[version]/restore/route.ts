import { restoreRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const POST = dashboardRoute(async (request, ctx: RouteContext<'/api/v1/dashboards/[id]/versions/[version]/restore'>) => restoreRoute(request, await ctx.params));
