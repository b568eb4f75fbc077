import 'server-only';
import { createHash } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { openPodWatch, type PodWatchQuery } from '../k8s/pod-watch';
import { claimStream, sseResponse } from '../sse';
import { callerClient } from './cluster-client';

/** Who holds a live stream, for the per-user limit; tokens are only ever kept hashed. */
export function streamOwner(caller: Caller): string {
  switch (caller.identity.mode) {
    case 'token':
      return `token:${createHash('sha256').update(caller.identity.token).digest('hex').slice(0, 32)}`;
    case 'proxy':
      return `proxy:${caller.identity.username}`;
    case 'kubeconfig':
      return 'kubeconfig';
  }
}

/**
 * The pods watch as Server-Sent Events. The browser's Last-Event-ID (sent on reconnect) takes
 * precedence over `resourceVersion`, so a dropped connection resumes where it stopped.
 */
export async function clusterPodWatch(request: Request, cluster: string, query: PodWatchQuery): Promise<Response> {
  const { caller, client } = await callerClient(request, cluster);
  const lastEventId = request.headers.get('last-event-id');
  const resourceVersion = lastEventId && /^\d+$/.test(lastEventId) ? lastEventId : query.resourceVersion;
  const release = claimStream(streamOwner(caller));
  const opening = new AbortController();
  try {
    const watch = await openPodWatch(client, { ...query, resourceVersion }, opening.signal);
    return sseResponse(
      async (sink, signal) => {
        signal.addEventListener('abort', () => opening.abort());
        if ('relist' in watch) return sink.event('relist', { message: watch.relist });
        if (watch.omitted.length) sink.event('omitted', { omitted: watch.omitted });
        await watch.run((message) => {
          if (message.type === 'BOOKMARK') sink.event('BOOKMARK', { resourceVersion: message.resourceVersion }, message.resourceVersion);
          else if (message.type === 'relist') sink.event('relist', { message: message.message });
          else sink.event(message.type, message.row, message.resourceVersion);
        });
      },
      { requestSignal: request.signal, onClose: release },
    );
  } catch (err) {
    opening.abort();
    release();
    throw err;
  }
}
