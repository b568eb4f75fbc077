import 'server-only';
import { ConfigError } from './config';
import { stopHpaRecorder } from './hpa/recorder';
import { parseDurationText } from './hpa/settings';
import { beginDrain, requestsInFlight } from './lifecycle';
import { endLocalQueries } from './logs/queries';
import { log } from './observability/logger';
import { closeStore } from './store';

const VARIABLE = 'WATCHDECK_SHUTDOWN_GRACE';
/** A handler has returned its Response before Next.js has written it out: this long for the last ones to reach their sockets. */
const FLUSH_MS = 500;

/** How long a shutdown waits for requests and pod-logs queries: 20 s, under Kubernetes' default terminationGracePeriodSeconds of 30. */
export function shutdownGraceMs(env: Record<string, string | undefined> = process.env): number {
  const text = env[VARIABLE]?.trim();
  if (!text) return 20_000;
  const ms = parseDurationText(text);
  if (ms === undefined || ms < 1000) throw new ConfigError(VARIABLE, `must be a whole number of at least 1 with s, m, h or d, e.g. 20s (got "${text}")`);
  return ms;
}

const logFailure = (what: string) => (err: unknown) => log().error({ err }, `shutdown: ${what} failed`);

/**
 * Drains this process: readiness fails and new console API requests are answered 503 at once,
 * live streams end telling browsers to reconnect (to another replica), the recorder's Lease is
 * released, requests being answered and pod-logs queries get up to `graceMs` to finish (those
 * still running then end Failed, saying why), and the store is closed.
 */
export async function shutdown(signal: string, graceMs: number): Promise<void> {
  beginDrain(`shutting down (${signal})`);
  const deadline = Date.now() + graceMs;
  const requests = (async () => {
    while (requestsInFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  })();
  await Promise.all([requests, endLocalQueries(graceMs).catch(logFailure('ending the pod-logs queries')), stopHpaRecorder().catch(logFailure('releasing the recorder Lease'))]);
  await new Promise((r) => setTimeout(r, FLUSH_MS));
  await closeStore().catch(logFailure('closing the store'));
}

/** Drains on SIGTERM (what Kubernetes sends) or SIGINT, then exits 0; a second signal is ignored while draining. */
export function handleShutdownSignals(): void {
  let grace: number;
  try {
    grace = shutdownGraceMs();
  } catch (err) {
    log().error({ err }, `${(err as Error).message}; shutting down with the default 20s`);
    grace = 20_000;
  }
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    log().info({ signal }, `${signal}: draining for at most ${grace / 1000} s`);
    shutdown(signal, grace).then(
      () => process.exit(0),
      (err: unknown) => {
        logFailure('draining')(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
