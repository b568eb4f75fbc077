import 'server-only';
import { ConsoleError } from '../errors';
import { readLines } from '../line-reader';
import type { KubeStream, StreamingKubeClient } from './client';
import { POD_REF, type KubeList, type Pod } from './pods';

export interface LogOptions {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC3339; the API server refuses it together with sinceSeconds. */
  sinceTime?: string;
  previous?: boolean;
  timestamps?: boolean;
  follow?: boolean;
}

/** A pod's log as the API server streams it; its 400s ("a container name must be specified…") reject unchanged. */
export function openPodLog(client: StreamingKubeClient, namespace: string, name: string, options: LogOptions, signal: AbortSignal): Promise<KubeStream> {
  return client.stream(
    { ...POD_REF, namespace, name, subresource: 'log' },
    {
      container: options.container,
      tailLines: options.tailLines,
      sinceSeconds: options.sinceSeconds,
      sinceTime: options.sinceTime,
      previous: options.previous || undefined,
      timestamps: options.timestamps || undefined,
      follow: options.follow || undefined,
    },
    signal,
  );
}

/** kubectl's --max-log-requests default. */
export const MAX_LOG_STREAMS = 5;
/** kubectl logs -l prints the last 10 lines of each container unless told otherwise. */
export const SELECTOR_TAIL_LINES = 10;

export interface SelectorLogPlan {
  /** The streams that will be read, "pod/NAME/CONTAINER", in pod then container order. */
  streams: { pod: string; container: string }[];
  /** Matching streams left out by the limit. */
  omitted: number;
  total: number;
}

/** The pods matching the selector and their app containers, at most MAX_LOG_STREAMS of them. */
export async function planSelectorLogs(client: StreamingKubeClient, namespace: string, labelSelector: string): Promise<SelectorLogPlan> {
  const list = await client.get<KubeList<Pod>>({ ...POD_REF, namespace }, { labelSelector });
  const all = list.items
    .filter((p) => p.spec?.nodeName)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .flatMap((p) => (p.spec?.containers ?? []).map((c) => ({ pod: p.metadata?.name ?? '', container: c.name })));
  return { streams: all.slice(0, MAX_LOG_STREAMS), omitted: Math.max(0, all.length - MAX_LOG_STREAMS), total: all.length };
}

/** Calls `onLine` with each complete line of the stream (the last one too, when it ends without a newline). */
async function eachLine(stream: KubeStream, onLine: (line: string) => void): Promise<void> {
  for await (const line of readLines(stream.body)) onLine(line);
}

/**
 * Every planned stream's lines with a `[pod/NAME/CONTAINER] ` prefix, as `kubectl logs -l … --prefix`:
 * one container after another, or interleaved as lines arrive when following. A stream the API
 * server refuses (a container still waiting to start) gives one prefixed line with its message.
 */
export async function selectorLogs(
  client: StreamingKubeClient,
  namespace: string,
  plan: SelectorLogPlan,
  options: Omit<LogOptions, 'container' | 'previous'>,
  signal: AbortSignal,
  write: (text: string) => void,
): Promise<void> {
  const tailLines = options.tailLines ?? SELECTOR_TAIL_LINES;
  const one = async ({ pod, container }: { pod: string; container: string }) => {
    const prefix = `[pod/${pod}/${container}] `;
    let stream: KubeStream | undefined;
    try {
      stream = await openPodLog(client, namespace, pod, { ...options, tailLines, container }, signal);
      await eachLine(stream, (line) => write(`${prefix}${line}\n`));
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof ConsoleError && err.kind !== 'Unauthorized') write(`${prefix}error: ${err.message}\n`);
      else throw err;
    } finally {
      stream?.close();
    }
  };
  if (options.follow) await Promise.all(plan.streams.map(one));
  else for (const s of plan.streams) await one(s);
}
