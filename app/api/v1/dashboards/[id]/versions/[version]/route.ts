import { versionRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

export const GET = dashboardRoute(async (request, ctx: RouteContext<'/api/v1/dashboards/[id]/versions/[version]'>) => versionRoute(request, await ctx.params));
