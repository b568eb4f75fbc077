import { afterEach, describe, expect, it, vi } from 'vitest';
import { podPages, watchRefusal } from './live-pods';

function streamOf(chunks: string[], status = 200): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { 'Content-Type': 'application/x-ndjson' } });
}

async function collect(url: string) {
  const pages = [];
  for await (const page of podPages(url, new AbortController().signal)) pages.push(page);
  return pages;
}

afterEach(() => vi.unstubAllGlobals());

describe('the pods list stream as the page reads it', () => {
  it('gives each line as a page whether a chunk ends inside a line, holds several lines or ends on the newline', async () => {
    const lines = [
      JSON.stringify({ items: [{ uid: 'a' }], resourceVersion: '5' }),
      JSON.stringify({ items: [{ uid: 'b' }, { uid: 'c' }], resourceVersion: '5' }),
      JSON.stringify({ items: [], resourceVersion: '5', omitted: [] }),
    ];
    const text = lines.join('\n') + '\n';
    vi.stubGlobal('fetch', async () => streamOf([text.slice(0, 7), text.slice(7, 40), text.slice(40, text.indexOf('\n', 41) + 1), text.slice(text.indexOf('\n', 41) + 1)]));
    expect((await collect('/stream')).map((page) => page.items.map((row) => (row as { uid: string }).uid))).toEqual([['a'], ['b', 'c'], []]);
  });

  it('throws the error line that ends a failed stream, and a line cut off without its end', async () => {
    const error = { kind: 'ClusterUnreachable', message: 'cannot reach the API server' };
    vi.stubGlobal('fetch', async () => streamOf([`${JSON.stringify({ items: [{ uid: 'a' }] })}\n${JSON.stringify({ error })}\n`]));
    await expect(collect('/stream')).rejects.toMatchObject({ error, message: 'cannot reach the API server' });
    vi.stubGlobal('fetch', async () => streamOf([`${JSON.stringify({ items: [{ uid: 'a' }] })}\n{"items":[`]));
    await expect(collect('/stream')).rejects.toMatchObject({ message: 'the list stream ended in the middle of a page' });
  });

  it('throws the console error answer given before any line, with its status', async () => {
    const error = { kind: 'Status', message: 'unable to parse requirement', status: { code: 400 } };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error }), { status: 400 }));
    await expect(collect('/stream')).rejects.toMatchObject({ error, httpStatus: 400 });
  });

  it("reads a refused watch's 403 answer with its missing permission, and nothing from a watch that opens", async () => {
    const error = {
      kind: 'Status',
      message: 'pods is forbidden: User "dev" cannot watch resource "pods" in API group "" in the namespace "eks-work"',
      status: { code: 403 },
      needed: ['list', 'watch'],
    };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ code: 403, reason: 'Forbidden', message: error.message, missing: null, error }), { status: 403 }));
    expect(await watchRefusal('/watch', new AbortController().signal)).toEqual(error);
    let cancelled = false;
    const open = new ReadableStream<Uint8Array>({ cancel: () => void (cancelled = true) });
    vi.stubGlobal('fetch', async () => new Response(open, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }));
    expect(await watchRefusal('/watch', new AbortController().signal)).toBeUndefined();
    expect(cancelled).toBe(true);
  });
});
