import 'server-only';
import { followCutLine } from '@/lib/log-follow';
import { ConsoleError } from '../errors';
import { fromNetworkError } from '../k8s/errors';
import { openPodLog, planSelectorLogs, selectorLogs, MAX_LOG_STREAMS, type LogOptions } from '../k8s/logs';
import { readText } from '../line-reader';
import { claimStream } from '../sse';
import { textStreamResponse } from '../text-stream';
import { callerClient } from './cluster-client';
import { streamOwner } from './pod-watch';

/**
 * A pod's log as text; followed, it stays open and counts against the caller's live streams. A follow
 * the API server's side cuts ends with a followCutLine carrying the console's error, so the page can
 * tell it from a container that ended (a clean end) and resume from its last line's timestamp.
 */
export async function clusterPodLog(request: Request, cluster: string, namespace: string, name: string, options: LogOptions): Promise<Response> {
  const { caller, client } = await callerClient(request, cluster);
  const release = options.follow ? await claimStream(streamOwner(caller)) : async () => {};
  const abort = new AbortController();
  try {
    // Opened before answering, so the API server's 400 ("a container name must be specified…") is the answer's status.
    const stream = await openPodLog(client, namespace, name, options, abort.signal);
    return textStreamResponse(
      async (write, signal) => {
        signal.addEventListener('abort', () => stream.close());
        let last = '\n';
        try {
          for await (const text of readText(stream.body)) {
            write(text);
            if (text) last = text;
          }
        } catch (err) {
          if (signal.aborted || !options.follow) throw err;
          const error = err instanceof ConsoleError ? err : fromNetworkError(err, client);
          write(`${last.endsWith('\n') ? '' : '\n'}${followCutLine(error.toJSON())}\n`);
        } finally {
          stream.close();
          void release();
        }
      },
      { requestSignal: request.signal },
    );
  } catch (err) {
    abort.abort();
    void release();
    throw err;
  }
}

/** `kubectl logs -l SELECTOR --prefix` for one namespace, at most MAX_LOG_STREAMS containers. */
export async function clusterSelectorLogs(request: Request, cluster: string, namespace: string, labelSelector: string, options: Omit<LogOptions, 'container' | 'previous'>): Promise<Response> {
  const { caller, client } = await callerClient(request, cluster);
  const plan = await planSelectorLogs(client, namespace, labelSelector);
  const release = options.follow ? await claimStream(streamOwner(caller)) : async () => {};
  return textStreamResponse(
    async (write, signal) => {
      try {
        if (plan.omitted > 0) {
          write(`[watchdeck] showing ${plan.streams.length} of ${plan.total} log streams: at most ${MAX_LOG_STREAMS}, as kubectl --max-log-requests; narrow the selector to see the others\n`);
        }
        await selectorLogs(client, namespace, plan, options, signal, write);
      } finally {
        void release();
      }
    },
    { requestSignal: request.signal, headers: { 'Watchdeck-Log-Streams': JSON.stringify({ shown: plan.streams.length, total: plan.total }) } },
  );
}
