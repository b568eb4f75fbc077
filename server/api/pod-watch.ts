import 'server-only';
import { createHash } from 'node:crypto';
import type { Caller } from '../auth/caller';
import type { StreamingKubeClient } from '../k8s/client';
import { openPodWatch, type PodWatchQuery, type RowWatch, type RowWatchMessage } from '../k8s/pod-watch';
import { claimStream, sseResponse, type SseSink } from '../sse';
import { LIVE_LIST_VERBS, needing } from '../errors';
import { callerClient } from './cluster-client';

/** Who holds a live stream, for the per-user limit; tokens are only ever kept hashed. */
export function streamOwner(caller: Caller): string {
  // A signed-in browser counts as its API server username: an OpenID Connect ID token changes at every renewal.
  if (caller.session) return `user:${caller.session.username}`;
  switch (caller.identity.mode) {
    case 'token':
      return `token:${createHash('sha256').update(caller.identity.token).digest('hex').slice(0, 32)}`;
    case 'proxy':
      return `proxy:${caller.identity.username}`;
    case 'kubeconfig':
      return 'kubeconfig';
  }
}

/** How long changes gather before they are sent: a burst becomes one message, a lone change waits no longer than this. */
export const COALESCE_MS = 25;

type RowChange<R> = Extract<RowWatchMessage<R>, { row: unknown }>;

/**
 * Gathers a pod's changes for COALESCE_MS, the latest per pod: one change goes out as its own
 * event (ADDED, MODIFIED, DELETED), several as one `batch` of [type, row] pairs in order.
 * Either carries the last change's resourceVersion as its id.
 */
function coalescer<R extends { uid: string }>(sink: SseSink) {
  let pending = new Map<string, RowChange<R>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const changes = [...pending.values()];
    pending = new Map();
    if (changes.length === 1) sink.event(changes[0].type, changes[0].row, last);
    else
      sink.event(
        'batch',
        changes.map((c) => [c.type, c.row]),
        last,
      );
  };
  return {
    add(change: RowChange<R>) {
      // A pod changed again moves to the end: the batch keeps the order of each pod's latest change.
      pending.delete(change.row.uid);
      pending.set(change.row.uid, change);
      last = change.resourceVersion;
      timer ??= setTimeout(flush, COALESCE_MS);
    },
    flush,
  };
}

/**
 * The pods watch as Server-Sent Events. A watch the API server cuts is resumed here, not by the page:
 * only the relay knows each namespace watch's own resourceVersion, so nothing is repeated or lost, and
 * the page hears why and when through `reconnecting` and `resumed`; failures a retry cannot fix end
 * the stream with a `failure` event carrying the console's error. The browser's Last-Event-ID (sent on reconnect) takes
 * precedence over `resourceVersion`, so a dropped connection resumes where it stopped.
 */
export function clusterPodWatch(request: Request, cluster: string, query: PodWatchQuery): Promise<Response> {
  return relayWatch(request, cluster, query, (client, q, signal) => openPodWatch(client, q, signal));
}

/** clusterPodWatch for any watch whose messages carry rows keyed by uid. */
export async function relayWatch<R extends { uid: string }>(
  request: Request,
  cluster: string,
  query: PodWatchQuery,
  open: (client: StreamingKubeClient, query: PodWatchQuery, signal: AbortSignal) => Promise<RowWatch<R> | { relist: string }>,
): Promise<Response> {
  const { caller, client } = await callerClient(request, cluster);
  const lastEventId = request.headers.get('last-event-id');
  const resourceVersion = lastEventId && /^\d+$/.test(lastEventId) ? lastEventId : query.resourceVersion;
  const release = await claimStream(streamOwner(caller));
  const opening = new AbortController();
  try {
    const watch = await needing(LIVE_LIST_VERBS, () => open(client, { ...query, resourceVersion }, opening.signal));
    return sseResponse(
      async (sink, signal) => {
        signal.addEventListener('abort', () => opening.abort());
        if ('relist' in watch) return sink.event('relist', { message: watch.relist });
        if (watch.omitted.length) sink.event('omitted', { omitted: watch.omitted });
        const changes = coalescer<R>(sink);
        try {
          await watch.run((message) => {
            if ('row' in message) return changes.add(message);
            changes.flush();
            if (message.type === 'BOOKMARK') sink.event('BOOKMARK', { resourceVersion: message.resourceVersion }, message.resourceVersion);
            else if (message.type === 'reconnecting') sink.event('reconnecting', { error: message.error, delayMs: message.delayMs });
            else if (message.type === 'resumed') sink.event('resumed', {});
            else sink.event('relist', { message: message.message });
          });
        } finally {
          changes.flush();
        }
      },
      { requestSignal: request.signal, onClose: () => void release() },
    );
  } catch (err) {
    opening.abort();
    void release();
    throw err;
  }
}
