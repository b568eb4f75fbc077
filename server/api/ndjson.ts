import 'server-only';
import { ConsoleError, consoleErrors } from '../errors';
import { errorBody } from '../http';
import { log } from '../observability/logger';

/** Lines of rows are small next to the objects they come from: a few converted ahead keep the API server busy while the browser takes in one. */
const LINES_AHEAD = 4;

/**
 * Pages as NDJSON, one line each, the next page fetched while the current one is sent. The first
 * page is fetched before answering, so a 403 or a malformed selector is an ordinary error answer;
 * a failure later ends the stream with an `{ "error" }` line.
 */
export async function ndjsonPages<T>(request: Request, cluster: string, what: string, pages: AsyncGenerator<T>, line: (page: T) => unknown): Promise<Response> {
  const first = await pages.next();
  const encoder = new TextEncoder();
  const encode = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);
  let sentFirst = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!sentFirst) {
          sentFirst = true;
          if (!first.done) controller.enqueue(encode(line(first.value)));
          if (first.done) controller.close();
          return;
        }
        try {
          const next = await pages.next();
          if (next.done) controller.close();
          else controller.enqueue(encode(line(next.value)));
        } catch (err) {
          const error = err instanceof ConsoleError ? err : consoleErrors.internal();
          if (!(err instanceof ConsoleError)) log().error({ err, cluster }, `${what} stream failed`);
          controller.enqueue(encode({ error: errorBody(error).error }));
          controller.close();
        }
      },
      async cancel() {
        await pages.return(undefined as T);
      },
    },
    new CountQueuingStrategy({ highWaterMark: LINES_AHEAD }),
  );
  request.signal.addEventListener('abort', () => void pages.return(undefined as T));
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } });
}
