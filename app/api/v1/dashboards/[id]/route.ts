import { deleteRoute, getRoute, saveRoute } from '@/server/dashboards/api';
import { dashboardRoute } from '@/server/dashboards/http';

type Ctx = RouteContext<'/api/v1/dashboards/[id]'>;

export const GET = dashboardRoute(async (request, ctx: Ctx) => getRoute(request, await ctx.params));
export const PUT = dashboardRoute(async (request, ctx: Ctx) => saveRoute(request, await ctx.params));
export const DELETE = dashboardRoute(async (request, ctx: Ctx) => deleteRoute(request, await ctx.params));
