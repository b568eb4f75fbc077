import 'server-only';

/**
 * A text/plain response written as it is produced (followed logs). When the browser goes away
 * (request aborted or body cancelled) `signal` aborts; when `run` settles the response ends.
 * A failure after the first byte cannot change the status any more, so it ends the text with a line saying so.
 */
export function textStreamResponse(
  run: (write: (text: string) => void, signal: AbortSignal) => Promise<void>,
  options: { requestSignal?: AbortSignal; headers?: Record<string, string> } = {},
): Response {
  const abort = new AbortController();
  const encoder = new TextEncoder();
  let closed = false;
  const finish = () => {
    closed = true;
    abort.abort();
  };
  options.requestSignal?.addEventListener('abort', finish);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      run(write, abort.signal)
        .catch((err: unknown) => {
          if (abort.signal.aborted) return;
          console.error('[watchdeck] text stream failed:', err instanceof Error ? err.stack ?? err.message : err);
          write(`\n[watchdeck] the stream ended early: ${err instanceof Error ? err.message : String(err)}\n`);
        })
        .finally(() => {
          finish();
          try {
            controller.close();
          } catch {
            // already cancelled by the browser going away
          }
        });
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'X-Accel-Buffering': 'no', ...options.headers },
  });
}
