import { describe, expect, it } from 'vitest';
import type { ErrorObject } from '../api/types';
import { connectionAt, FORBIDDEN_RECHECK_MS, initialFeed, nextFeed, STALE_AFTER_MS, type Feed, type FeedEvent, type Step } from './live-pods-state';

const unreachable: ErrorObject = { kind: 'ClusterUnreachable', message: 'cannot reach the API server of cluster "gone" at https://127.0.0.1:1: connection refused (ECONNREFUSED)' };
const throttled: ErrorObject = { kind: 'Throttled', message: 'the API server is throttling requests', retryAfterSeconds: 8 };
const forbidden: ErrorObject = { kind: 'Status', message: 'pods is forbidden', status: { code: 403 } };

// With random() = 0 the jitter is at its floor, half of lib/retry's ceiling: 1 s, 2 s, 4 s … halved.
const low = () => 0;

/** Feeds the events in order, each a second after the previous, and gives every feed and step. */
function run(events: FeedEvent[], start = 1_000_000): { feed: Feed; step: Step; at: number }[] {
  let feed = initialFeed;
  let step: Step = { do: 'list', at: start };
  return events.map((event, i) => {
    const at = start + i * 1_000;
    ({ feed, step } = nextFeed(feed, event, at, step, low));
    return { feed, step, at };
  });
}

describe('the live pods list while the API server goes away and comes back', () => {
  it('shows a first listing that fails as stale with its error, and lists again after a backoff that doubles', () => {
    const [first, second] = run([
      { type: 'listFailed', error: unreachable },
      { type: 'listFailed', error: unreachable },
    ]);
    expect(first.feed).toEqual({ connection: 'stale', error: unreachable, nextTryAt: 1_000_500, failures: 1, failingSince: 1_000_000, listed: false });
    expect(first.step).toEqual({ do: 'list', at: 1_000_500 });
    expect(second.step).toEqual({ do: 'list', at: 1_001_000 + 1_000 });
  });

  it("waits at least the API server's Retry-After before listing again", () => {
    const [throttledStep] = run([{ type: 'listFailed', error: throttled }]);
    expect(throttledStep.step).toEqual({ do: 'list', at: 1_000_000 + 8_000 });
    expect(throttledStep.feed.nextTryAt).toBe(1_008_000);
  });

  it('asks again every 10 s after a refused (403) listing, without backoff, so the page works once an admin grants it', () => {
    const [refused, again] = run([
      { type: 'listFailed', error: forbidden },
      { type: 'listFailed', error: forbidden },
    ]);
    expect(refused.step).toEqual({ do: 'list', at: 1_000_000 + FORBIDDEN_RECHECK_MS });
    expect(refused.feed).toEqual({ connection: 'stale', error: forbidden, nextTryAt: 1_010_000, failures: 0, failingSince: 1_000_000, listed: false });
    expect(again.step).toEqual({ do: 'list', at: 1_001_000 + FORBIDDEN_RECHECK_MS });
  });

  it('shows a refused watch as stale with its 403, not reconnecting, and watches again after 10 s', () => {
    const steps = run([{ type: 'listed' }, { type: 'failure', error: forbidden }, { type: 'watchOpened' }]);
    expect(steps[1].feed).toEqual({ connection: 'stale', error: forbidden, nextTryAt: 1_011_000, failures: 0, failingSince: 1_001_000, listed: true });
    expect(steps[1].step).toEqual({ do: 'watch', at: 1_011_000 });
    expect(steps[2].feed).toMatchObject({ connection: 'live', error: undefined });
  });

  it('does not try again a request the API server found malformed (400); the error stays for the user', () => {
    const malformed: ErrorObject = { kind: 'Status', message: 'unable to parse requirement', status: { code: 400 } };
    const [refused] = run([{ type: 'listFailed', error: malformed }]);
    expect(refused.step).toEqual({ do: 'wait' });
    expect(refused.feed).toMatchObject({ connection: 'stale', error: malformed, nextTryAt: undefined });
  });

  it('goes live by itself once a retried listing succeeds and its watch opens', () => {
    const steps = run([{ type: 'listFailed', error: unreachable }, { type: 'listed' }, { type: 'watchOpened' }]);
    expect(steps[1].step).toEqual({ do: 'watch', at: 1_001_000 });
    expect(steps[1].feed.error).toBeUndefined();
    expect(steps[2].feed).toEqual({ connection: 'live', error: undefined, nextTryAt: undefined, failures: 0, failingSince: undefined, listed: true });
    expect(steps[2].step).toEqual({ do: 'wait' });
  });

  it("shows the server's reconnecting notice with its next try, leaves the retrying to the server, and is live again when it resumes", () => {
    const steps = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'reconnecting', error: unreachable, delayMs: 4_000 }, { type: 'resumed' }]);
    expect(steps[2].feed).toMatchObject({ connection: 'reconnecting', error: unreachable, nextTryAt: 1_002_000 + 4_000, failingSince: 1_002_000 });
    expect(steps[2].step).toEqual({ do: 'wait' });
    expect(steps[3].feed.connection).toBe('live');
    expect(steps[3].feed.error).toBeUndefined();
  });

  it('marks the rows stale once they have been behind for STALE_AFTER_MS', () => {
    const [, , cut] = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'reconnecting', error: unreachable, delayMs: 1_000 }]);
    expect(connectionAt(cut.feed, cut.at + STALE_AFTER_MS - 1)).toBe('reconnecting');
    expect(connectionAt(cut.feed, cut.at + STALE_AFTER_MS)).toBe('stale');
  });

  it('lists again at once on 410 Gone, keeping the rows until the listing replaces them', () => {
    const steps = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'relist' }, { type: 'listed' }, { type: 'watchOpened' }]);
    expect(steps[2].step).toEqual({ do: 'list', at: 1_002_000 });
    expect(steps[2].feed).toMatchObject({ connection: 'reconnecting', listed: true });
    expect(steps[3].step).toEqual({ do: 'watch', at: 1_003_000 });
    expect(steps[4].feed.connection).toBe('live');
  });

  it('resumes the watch after a backoff when the connection drops while open, and lists again when the watch could not open', () => {
    const steps = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'dropped', opened: true }, { type: 'dropped', opened: false }]);
    expect(steps[2].step).toEqual({ do: 'watch', at: 1_002_000 + 500 });
    expect(steps[2].feed).toMatchObject({ connection: 'reconnecting', error: { kind: 'ConsoleUnreachable', message: 'the live connection to Watchdeck was cut' } });
    expect(steps[3].step).toEqual({ do: 'list', at: 1_003_000 + 1_000 });
  });

  it("resumes after the server's transient failure event and stops on one a retry cannot fix", () => {
    const [, , transient] = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'failure', error: unreachable }]);
    expect(transient.step).toEqual({ do: 'watch', at: 1_002_500 });
    const [, , final] = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'failure', error: { kind: 'Unauthorized', message: 'Unauthorized' } }]);
    expect(final.step).toEqual({ do: 'wait' });
    expect(final.feed.connection).toBe('stale');
  });

  it('runs the scheduled try at once when the user asks, and does nothing when none is scheduled', () => {
    const [failedList, now] = run([{ type: 'listFailed', error: throttled }, { type: 'tryNow' }]);
    expect(failedList.step.do).toBe('list');
    expect(now.step).toEqual({ do: 'list', at: 1_001_000 });
    expect(now.feed.nextTryAt).toBe(1_001_000);
    const [, , idle] = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'tryNow' }]);
    expect(idle.step).toEqual({ do: 'wait' });
  });

  it('comes back from a console replica shutting down within DRAIN_REOPEN_MS', () => {
    const [, , drained] = run([{ type: 'listed' }, { type: 'watchOpened' }, { type: 'drain' }]);
    expect(drained.step).toEqual({ do: 'watch', at: 1_002_250 });
  });
});
