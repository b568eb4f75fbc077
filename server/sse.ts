import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ConsoleError } from './errors';
import { log } from './observability/logger';
import { replicaId } from './replica';
import { store } from './store';
import { writtenResponse, type Write } from './text-stream';

/** What a Server-Sent Events producer writes. */
export interface SseSink {
  /** An event; `id` becomes the browser's Last-Event-ID. */
  event(name: string, data: unknown, id?: string): void;
  /** Moves Last-Event-ID without dispatching anything. */
  id(id: string): void;
  comment(text: string): void;
}

export const HEARTBEAT_MS = 15_000;
/** How long the browser's EventSource waits before reconnecting. */
const RETRY_MS = 3_000;
/** After a shutdown ends the stream: reconnect soon, to another replica. */
const DRAIN_RETRY_MS = 250;
/** Live streams one user may hold open at once, across tabs. */
export const MAX_STREAMS_PER_USER = 10;

/** A stream's claim lasts this long unless its replica renews it, so a dead replica's streams stop counting. */
export const STREAM_LEASE_MS = 30_000;
const RENEW_MS = 10_000;

/** This replica's open streams per user; the store's live_streams rows count every replica's. */
const holder = globalThis as unknown as { __watchdeckStreams?: { open: Map<string, number>; renew?: ReturnType<typeof setInterval> } };
function local() {
  holder.__watchdeckStreams ??= { open: new Map() };
  return holder.__watchdeckStreams;
}

/** Renews this replica's claims while it holds any. */
function keepRenewing(): void {
  const l = local();
  if (l.renew) return;
  l.renew = setInterval(() => {
    if (openStreams() === 0) {
      clearInterval(l.renew);
      l.renew = undefined;
      return;
    }
    void store()
      .then((s) =>
        s.db
          .updateTable('live_streams')
          .set({ expires_ms: Date.now() + STREAM_LEASE_MS })
          .where('replica', '=', replicaId())
          .execute(),
      )
      .catch((err: unknown) => log().error({ err }, 'renewing the live streams failed'));
  }, RENEW_MS);
  l.renew.unref?.();
}

/** Live streams this replica holds open, for every user. */
export function openStreams(): number {
  let n = 0;
  for (const count of local().open.values()) n += count;
  return n;
}

/** Live streams a user holds open on every replica. */
export async function openStreamCount(user: string): Promise<number> {
  const { db } = await store();
  const row = await db
    .selectFrom('live_streams')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('owner', '=', user)
    .where('expires_ms', '>', Date.now())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Counts a stream against its user on every replica; throws 429 when they already hold the most
 * allowed. The returned function frees it (once), resolving when the store has forgotten it.
 */
export async function claimStream(user: string): Promise<() => Promise<void>> {
  const { db } = await store();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    // One claim of a user at a time across replicas, so two cannot both take the last place.
    await sql`select pg_advisory_xact_lock(hashtext(${`watchdeck-live-streams\n${user}`}))`.execute(tx);
    const now = Date.now();
    await tx.deleteFrom('live_streams').where('owner', '=', user).where('expires_ms', '<=', now).execute();
    const row = await tx
      .selectFrom('live_streams')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('owner', '=', user)
      .executeTakeFirst();
    if (Number(row?.n ?? 0) >= MAX_STREAMS_PER_USER) {
      throw new ConsoleError('TooManyRequests', 429, `too many live streams open: at most ${MAX_STREAMS_PER_USER} per user; close another tab or view`);
    }
    await tx
      .insertInto('live_streams')
      .values({ id, owner: user, replica: replicaId(), expires_ms: now + STREAM_LEASE_MS })
      .execute();
  });
  const { open } = local();
  open.set(user, (open.get(user) ?? 0) + 1);
  keepRenewing();
  let released: Promise<void> | undefined;
  return () => {
    released ??= (async () => {
      const left = (open.get(user) ?? 1) - 1;
      if (left > 0) open.set(user, left);
      else open.delete(user);
      await db.deleteFrom('live_streams').where('id', '=', id).execute();
    })().catch((err: unknown) => log().error({ err }, 'freeing a live stream failed'));
    return released;
  };
}

function field(name: string, value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) => `${name}: ${line}\n`)
    .join('');
}

/**
 * A text/event-stream response driven by `run`: heartbeat comments keep proxies from closing
 * it; when the browser goes away (request aborted or body cancelled), `signal` aborts; when
 * `run` settles, the response ends. `onClose` runs once, whichever happens first.
 */
export function sseResponse(run: (sink: SseSink, signal: AbortSignal) => Promise<void>, options: { requestSignal?: AbortSignal; onClose?: () => void; heartbeatMs?: number } = {}): Response {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const sinkOf = (write: Write): SseSink => ({
    event: (name, data, id) => write(`event: ${name}\n${id !== undefined ? field('id', id) : ''}${field('data', JSON.stringify(data))}\n`),
    id: (id) => write(field('id', id) + '\n'),
    comment: (text) => write(`: ${text}\n\n`),
  });
  return writtenResponse((write, signal) => run(sinkOf(write), signal), {
    requestSignal: options.requestSignal,
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' },
    onStart(write) {
      write(`retry: ${RETRY_MS}\n\n`);
      heartbeat = setInterval(() => sinkOf(write).comment('heartbeat'), options.heartbeatMs ?? HEARTBEAT_MS);
    },
    onFailure(err, write) {
      const error = err instanceof ConsoleError ? err.toJSON() : { kind: 'Internal', message: 'internal error' };
      if (!(err instanceof ConsoleError)) log().error({ err }, 'live stream failed');
      // Not "error": EventSource dispatches that name for its own connection failures.
      sinkOf(write).event('failure', error);
    },
    onClose() {
      clearInterval(heartbeat);
      options.onClose?.();
    },
    onDrain(write) {
      // Ending the response normally makes EventSource reconnect on its own (not an "error" for the page).
      write(`retry: ${DRAIN_RETRY_MS}\n\n`);
      sinkOf(write).event('reconnect', { reason: 'this console replica is shutting down' });
    },
  });
}
