/**
 * The sandbox clock's loopback control (JSON), for e2e tests that would otherwise wait real minutes
 * for an HPA to scale, an alarm to fire or a metric to be published:
 *
 *   GET  /clock            {"now", "startedAt", "behindWallSeconds"}   the simulated clock
 *   POST /clock/advance    {"seconds": N}                               moves it N seconds forward
 *
 * A realtime clock that starts behind the wall clock can be moved forward up to the wall clock and no
 * further: the console compares the sandbox's timestamps with its own clock, and a future would hide them.
 * Only the sandbox serves it, on 127.0.0.1, and only to requests naming that address as their Host.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { readBody, reply } from '../control-http';
import type { World } from '../world/world';

export interface ClockControl {
  url: string;
  close(): Promise<void>;
}

const advanceBody = z.object({ seconds: z.number().positive().max(86_400) }).strict();

function clockState(world: World) {
  const now = world.nowMs();
  return { now: new Date(now).toISOString(), startedAt: new Date(world.simStart).toISOString(), behindWallSeconds: (Date.now() - now) / 1000 };
}

async function route(world: World, host: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A page that rebinds its own name to 127.0.0.1 still sends that name as the Host.
  if (req.headers.host !== host) return reply(res, 403, { message: `this control answers only requests to ${host}` });
  const path = new URL(req.url ?? '/', 'http://control').pathname;
  if (path === '/clock' && req.method === 'GET') return reply(res, 200, clockState(world));
  if (path !== '/clock/advance') return reply(res, 404, { message: `no ${path} here: GET /clock, POST /clock/advance` });
  if (req.method !== 'POST') return reply(res, 405, { message: `${req.method} /clock/advance: use POST` });
  // A page cannot send this without a CORS preflight, which this endpoint never grants.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return reply(res, 415, { message: 'POST /clock/advance takes application/json' });
  const parsed = advanceBody.safeParse(
    await readBody(req)
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined),
  );
  if (!parsed.success) return reply(res, 400, { message: `not {"seconds": N} with 0 < N <= 86400: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` });
  const ms = parsed.data.seconds * 1000;
  const ahead = world.nowMs() + ms - Date.now();
  if (world.mode === 'realtime' && ahead > 0) {
    return reply(res, 409, { message: `advancing ${parsed.data.seconds} s would put the sandbox's clock ${(ahead / 1000).toFixed(3)} s ahead of the wall clock`, ...clockState(world) });
  }
  world.advance(ms);
  return reply(res, 200, clockState(world));
}

/** The control for `world`'s clock on 127.0.0.1; with `dir`, its URL is written to `dir/clock.json`. */
export async function startClockControl(world: World, options: { dir?: string } = {}): Promise<ClockControl> {
  let host = '';
  const server = createServer((req, res) => {
    route(world, host, req, res).catch((err: unknown) => reply(res, 500, { message: (err as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `http://${host}`;
  if (options.dir) {
    await mkdir(options.dir, { recursive: true });
    await writeFile(join(options.dir, 'clock.json'), `${JSON.stringify({ url }, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
