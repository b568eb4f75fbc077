import { alarmPage } from '@/server/alarms/api';
import { jsonRoute, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/alarms/[name]'>) => alarmPage(request, (await ctx.params).name, searchParams(request)));
