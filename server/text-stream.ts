import 'server-only';
import { log } from './observability/logger';
import { trackStream } from './lifecycle';

export type Write = (text: string) => void;

/**
 * A response whose body `run` writes as it goes. When the browser goes away (request aborted or
 * body cancelled) `signal` aborts and writes are dropped; when `run` settles the response ends.
 * `onFailure` writes what a failure after the first byte can still say; `onClose` runs once,
 * whichever end comes first.
 */
export function writtenResponse(
  run: (write: Write, signal: AbortSignal) => Promise<void>,
  options: {
    headers: Record<string, string>;
    requestSignal?: AbortSignal;
    onStart?: (write: Write) => void;
    onFailure: (err: unknown, write: Write, signal: AbortSignal) => void;
    onClose?: () => void;
    /** What to write before the stream ends because this process shuts down. */
    onDrain?: (write: Write) => void;
  },
): Response {
  const abort = new AbortController();
  const encoder = new TextEncoder();
  let closed = false;
  let untrack = () => {};
  const finish = () => {
    if (closed) return;
    closed = true;
    untrack();
    abort.abort();
    options.onClose?.();
  };
  options.requestSignal?.addEventListener('abort', finish);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const end = () => {
        finish();
        try {
          controller.close();
        } catch {
          // already cancelled by the browser going away, or ended for a shutdown
        }
      };
      options.onStart?.(write);
      untrack = trackStream(() => {
        options.onDrain?.(write);
        end();
      });
      run(write, abort.signal)
        .catch((err: unknown) => options.onFailure(err, write, abort.signal))
        .finally(end);
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, { status: 200, headers: { 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', ...options.headers } });
}

/**
 * A text/plain response written as it is produced (followed logs). A failure after the first byte
 * cannot change the status any more, so it ends the text with a line saying so.
 */
export function textStreamResponse(run: (write: Write, signal: AbortSignal) => Promise<void>, options: { requestSignal?: AbortSignal; headers?: Record<string, string> } = {}): Response {
  return writtenResponse(run, {
    requestSignal: options.requestSignal,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...options.headers },
    onFailure(err, write, signal) {
      if (signal.aborted) return;
      log().error({ err }, 'text stream failed');
      write(`\n[watchdeck] the stream ended early: ${err instanceof Error ? err.message : String(err)}\n`);
    },
  });
}
