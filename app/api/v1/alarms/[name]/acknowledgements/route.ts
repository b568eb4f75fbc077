import { acknowledge, acknowledgementBody } from '@/server/alarms/api';
import { jsonRoute, readJsonBody } from '@/server/http';

export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/alarms/[name]/acknowledgements'>) =>
  acknowledge(request, (await ctx.params).name, await readJsonBody(request, acknowledgementBody)),
);
