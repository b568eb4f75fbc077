import 'server-only';
import { ConsoleError } from './errors';

/**
 * Whether this process is shutting down, the console API requests it is answering, and the
 * streams it holds open, so a shutdown can refuse new work, end streams and wait for the rest.
 */
interface Lifecycle {
  draining: boolean;
  /** Why readiness fails while draining. */
  reason: string;
  inFlight: number;
  streams: Set<() => void>;
}

const holder = globalThis as unknown as { __watchdeckLifecycle?: Lifecycle };
function lifecycle(): Lifecycle {
  holder.__watchdeckLifecycle ??= { draining: false, reason: '', inFlight: 0, streams: new Set() };
  return holder.__watchdeckLifecycle;
}

export function isDraining(): boolean {
  return lifecycle().draining;
}

/** Why this process takes no new requests, or undefined while it does. */
export function drainReason(): string | undefined {
  const l = lifecycle();
  return l.draining ? l.reason : undefined;
}

/** The answer to a request that arrives while this process shuts down: a load balancer retries it on another replica. */
export function drainingError(): ConsoleError {
  return new ConsoleError('Unavailable', 503, 'this console replica is shutting down; send the request again and another replica answers it');
}

/** Counts a request being answered until the returned function is called. */
export function trackRequest(): () => void {
  const l = lifecycle();
  l.inFlight++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    l.inFlight--;
  };
}

export function requestsInFlight(): number {
  return lifecycle().inFlight;
}

/** Registers an open stream's ending for a shutdown; the returned function forgets it once the stream has closed. */
export function trackStream(end: () => void): () => void {
  const { streams } = lifecycle();
  streams.add(end);
  return () => streams.delete(end);
}

/** Stops taking new requests and ends every open stream; the caller waits for the rest. */
export function beginDrain(reason: string): void {
  const l = lifecycle();
  l.draining = true;
  l.reason = reason;
  for (const end of [...l.streams]) end();
  l.streams.clear();
}

/** Takes requests again (tests). */
export function endDrain(): void {
  const l = lifecycle();
  l.draining = false;
  l.reason = '';
}
