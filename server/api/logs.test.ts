import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogBoundary, parseFollowCut, splitTimestamp, type FollowCut } from '@/lib/log-follow';
import { startProxiedSandbox, type ProxiedSandbox } from '@/server/testing/cut-proxy';
import { clusterPodLog } from './logs';

const CLUSTER = 'eks-work-cluster';

/** A text body read line by line as it arrives. */
class LineStream {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<string>;
  constructor(response: Response) {
    this.reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  }
  /** The next complete line, or undefined when the body ends. */
  async next(): Promise<string | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 1);
        return line;
      }
      const { value, done } = await this.reader.read();
      if (done) return this.buffer ? this.buffer : undefined;
      this.buffer += value;
    }
  }
  cancel() {
    return this.reader.cancel();
  }
}

describe('a followed pod log when the API server connection is cut', () => {
  let t: ProxiedSandbox;
  beforeAll(async () => {
    t = await startProxiedSandbox();
    // The scenario's pods are running a couple of simulated minutes in.
    t.sandbox.world.advance(2 * 60_000);
  }, 60_000);
  afterAll(async () => t?.close());

  it('ends with the cut line and its error, and resumed from the last timestamp repeats and loses no line, those sharing the boundary timestamp too', async () => {
    const world = t.sandbox.world;
    const running = world.store.list('pods', 'eks-work').find((p) => (p.status?.containerStatuses as { state?: { running?: unknown } }[] | undefined)?.[0]?.state?.running);
    const pod = running!.metadata.name;
    const container = (running!.spec!.containers as { name: string }[])[0].name;
    const ref = { namespace: 'eks-work', pod, container };
    // Times after the (manual) world clock's now, so only these lines are newer than anything the container wrote.
    const at = (ms: number) => new Date(world.now().getTime() + 60_000 + ms);
    const url = `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/pods/${pod}/log`;
    const boundary = new LogBoundary();
    const shown: string[] = [];
    /** Reads lines into `shown` (as the page does, through the boundary) until `text` is shown; gives the cut error if the stream is cut first. */
    const readUntil = async (lines: LineStream, text: string): Promise<FollowCut | undefined> => {
      for (;;) {
        const line = await lines.next();
        if (line === undefined) throw new Error(`the follow ended before "${text}"`);
        const cut = parseFollowCut(line);
        if (cut) return cut;
        const stamped = splitTimestamp(line)!;
        if (boundary.keep(stamped.timestamp)) shown.push(stamped.text);
        if (stamped.text === text) return undefined;
      }
    };

    const first = new LineStream(await clusterPodLog(t.request(url), CLUSTER, 'eks-work', pod, { container, follow: true, timestamps: true, tailLines: 0 }));
    world.logs.append(ref, 'cut-1', 'stdout', at(0));
    world.logs.append(ref, 'cut-2', 'stdout', at(1));
    world.logs.append(ref, 'cut-3', 'stdout', at(1));
    expect(await readUntil(first, 'cut-3')).toBeUndefined();

    await t.proxy.down();
    const line = await first.next();
    expect(parseFollowCut(line!)).toEqual({
      kind: 'ClusterUnreachable',
      message: `cannot reach the API server of cluster "${CLUSTER}" at ${t.proxy.url}: connection reset (ECONNRESET)`,
      cluster: CLUSTER,
    });
    expect(await first.next()).toBeUndefined();
    // While the API server is away: one more line at the boundary's very millisecond, one after it.
    world.logs.append(ref, 'cut-4', 'stdout', at(1));
    world.logs.append(ref, 'cut-5', 'stdout', at(2));

    await t.proxy.up();
    expect(boundary.timestamp).toBe(
      at(1)
        .toISOString()
        .replace(/\.?0+Z$/, 'Z'),
    );
    boundary.resume();
    const resumed = new LineStream(await clusterPodLog(t.request(url), CLUSTER, 'eks-work', pod, { container, follow: true, timestamps: true, sinceTime: boundary.timestamp }));
    world.logs.append(ref, 'cut-6', 'stdout', at(3));
    expect(await readUntil(resumed, 'cut-6')).toBeUndefined();
    expect(shown).toEqual(['cut-1', 'cut-2', 'cut-3', 'cut-4', 'cut-5', 'cut-6']);
    await resumed.cancel();
  }, 30_000);

  it('ends a follow whose container stopped without a cut line: the end is not a fault', async () => {
    const world = t.sandbox.world;
    const running = world.store.list('pods', 'eks-work').find((p) => (p.status?.containerStatuses as { state?: { running?: unknown } }[] | undefined)?.[0]?.state?.running);
    const pod = running!.metadata.name;
    const lines = new LineStream(
      await clusterPodLog(t.request(`/log`), CLUSTER, 'eks-work', pod, { follow: true, timestamps: true, tailLines: 0, container: (running!.spec!.containers as { name: string }[])[0].name }),
    );
    world.store.delete('pods', 'eks-work', pod);
    expect(await lines.next()).toBeUndefined();
  }, 30_000);
});
