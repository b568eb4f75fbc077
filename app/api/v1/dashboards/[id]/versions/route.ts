import { versionsRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const GET = dashboardRoute(async (request, ctx: RouteContext<'/api/v1/dashboards/[id]/versions'>) => versionsRoute(request, await ctx.params));
