import { acknowledge, acknowledgementBody } from '@/server/alarms/api';
import { jsonRoute, readJsonBody } from '@/server/http';
import { BODY_LIMITS } from '@/server/request-body';

export const POST = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/alarms/[name]/acknowledgements'>) =>
  acknowledge(request, (await ctx.params).name, await readJsonBody(request, acknowledgementBody, BODY_LIMITS.form)),
);
