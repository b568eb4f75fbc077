import 'server-only';
import { checkQueryLength, errorResponse } from '../http';
import { ConsoleError } from '../errors';
import { observeRequest } from '../observability/request';

/** A dashboard answer: its JSON, its status, and the version as ETag when it is one dashboard. */
export interface DashboardReply {
  body: unknown;
  status?: number;
  version?: number;
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** The version an If-Match header names (`"3"`, `W/"3"` or `3`); a header that names none is a 400. */
export function ifMatchVersion(request: Request, required: boolean): number | undefined {
  const header = request.headers.get('if-match');
  if (header === null) {
    if (required) throw new ConsoleError('PreconditionRequired', 428, 'send If-Match with the version you edited (the ETag of GET /api/v1/dashboards/{id}) so that another save is never overwritten');
    return undefined;
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new ConsoleError('BadRequest', 400, `If-Match ${JSON.stringify(header)} is not a dashboard version such as "3"`);
  return Number(m[1]);
}

/** Like jsonRoute, with a status of the handler's choosing and the dashboard's version as ETag. */
export function dashboardRoute<Ctx>(handler: (request: Request, ctx: Ctx) => Promise<DashboardReply>): (request: Request, ctx: Ctx) => Promise<Response> {
  return (request, ctx) =>
    observeRequest(request, async () => {
      try {
        checkQueryLength(request);
        const reply = await handler(request, ctx);
        const headers = new Headers({ 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8' });
        if (reply.version !== undefined) headers.set('ETag', etag(reply.version));
        return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200, headers });
      } catch (err) {
        return errorResponse(err);
      }
    });
}
