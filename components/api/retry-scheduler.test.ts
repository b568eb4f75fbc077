import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import { RetryScheduler } from './retry-scheduler';
import type { ErrorObject } from './types';

const unreachable: ErrorObject = { kind: 'ClusterUnreachable', message: 'cannot reach the API server of cluster "gone"' };

/** A query whose answers are given in order, each an error to throw or data to return, observed as a page observes it. */
function setUp(answers: (ErrorObject | string)[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // random() = 1 makes each delay the backoff's ceiling: 1 s, 2 s, 4 s (lib/retry.ts READ_BACKOFF).
  const scheduler = new RetryScheduler(queryClient, () => 1 - Number.EPSILON);
  const stop = scheduler.start();
  const queryFn = vi.fn(async () => {
    const answer = answers.shift() ?? 'exhausted';
    if (typeof answer === 'string') return answer;
    throw new ApiError(answer, 502);
  });
  const observer = new QueryObserver(queryClient, { queryKey: ['overview'], queryFn });
  const unsubscribe = observer.subscribe(() => {});
  return { scheduler, queryFn, observer, unobserve: unsubscribe, stop: () => (unsubscribe(), stop()) };
}

describe('RetryScheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('asks again after 1 s, 2 s and 4 s while the cluster stays unreachable, showing the error meanwhile, and stops on success', async () => {
    const { scheduler, queryFn, observer, stop } = setUp([unreachable, unreachable, unreachable, 'pods']);
    await vi.advanceTimersByTimeAsync(0);
    expect(queryFn).toHaveBeenCalledTimes(1);
    expect(observer.getCurrentResult().status).toBe('error');
    const error = observer.getCurrentResult().error;
    expect(scheduler.nextTry(error)?.at).toBe(1_000_000 + 1000);
    expect(scheduler.nextTry((error as ApiError).error)?.at).toBe(1_000_000 + 1000);

    await vi.advanceTimersByTimeAsync(999);
    expect(queryFn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(queryFn).toHaveBeenCalledTimes(2);
    expect(scheduler.nextTry(observer.getCurrentResult().error)?.at).toBe(1_000_000 + 1000 + 2000);

    await vi.advanceTimersByTimeAsync(2000);
    expect(queryFn).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(queryFn).toHaveBeenCalledTimes(4);
    expect(observer.getCurrentResult().data).toBe('pods');
    expect(scheduler.nextTry(error)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(queryFn).toHaveBeenCalledTimes(4);
    stop();
  });

  it('waits at least the Retry-After the server asked for', async () => {
    const { scheduler, observer, stop } = setUp([{ kind: 'Throttled', message: 'Too many requests', retryAfterSeconds: 9 }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.nextTry(observer.getCurrentResult().error)?.at).toBe(1_000_000 + 9000);
    stop();
  });

  it('does not ask again after a final error (401, 403, 404)', async () => {
    const { scheduler, queryFn, observer, stop } = setUp([{ kind: 'Unauthorized', message: 'Unauthorized' }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.nextTry(observer.getCurrentResult().error)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(queryFn).toHaveBeenCalledTimes(1);
    stop();
  });

  it('asks at once on Try now, and stops asking when no page shows the query any more', async () => {
    const { scheduler, queryFn, observer, unobserve, stop } = setUp([unreachable, unreachable]);
    await vi.advanceTimersByTimeAsync(0);
    scheduler.nextTry(observer.getCurrentResult().error)!.tryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(queryFn).toHaveBeenCalledTimes(2);
    // The second failure is the second attempt: 2 s.
    expect(scheduler.nextTry(observer.getCurrentResult().error)?.at).toBe(1_000_000 + 2000);
    unobserve();
    expect(scheduler.nextTry(observer.getCurrentResult().error)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(queryFn).toHaveBeenCalledTimes(2);
    stop();
  });
});

describe('RetryScheduler while a try is being made', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('says the read is being asked (no time) until the console answers', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const scheduler = new RetryScheduler(queryClient, () => 1 - Number.EPSILON);
    const stop = scheduler.start();
    let calls = 0;
    const queryFn = async () => {
      calls++;
      if (calls === 1) throw new ApiError(unreachable, 502);
      // The second try hangs for 30 s, as a silent API server does.
      await new Promise((resolve) => setTimeout(resolve, 30_000));
      throw new ApiError(unreachable, 502);
    };
    const observer = new QueryObserver(queryClient, { queryKey: ['nodes'], queryFn });
    const unsubscribe = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(1000);
    const error = observer.getCurrentResult().error;
    expect(calls).toBe(2);
    expect(scheduler.nextTry(error)?.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(scheduler.nextTry(observer.getCurrentResult().error)?.at).toBe(1_000_000 + 1000 + 30_000 + 2000);
    unsubscribe();
    stop();
  });
});
