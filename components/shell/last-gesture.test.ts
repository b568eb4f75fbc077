import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterGestureSettles, GESTURE_SETTLE_MS } from './last-gesture';

describe('afterGestureSettles', () => {
  afterEach(() => vi.useRealTimers());

  it('writes at once when no gesture was made, or the last one is GESTURE_SETTLE_MS old', () => {
    const write = vi.fn();
    afterGestureSettles(-Infinity, 10, write);
    afterGestureSettles(1000, 1000 + GESTURE_SETTLE_MS, write);
    expect(write).toHaveBeenCalledTimes(2);
  });

  it('waits out the rest of GESTURE_SETTLE_MS after a recent gesture, and a cancelled wait never writes', () => {
    vi.useFakeTimers();
    const write = vi.fn();
    afterGestureSettles(1000, 1500, write);
    vi.advanceTimersByTime(GESTURE_SETTLE_MS - 501);
    expect(write).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(write).toHaveBeenCalledTimes(1);

    const cancelled = vi.fn();
    const cancel = afterGestureSettles(1000, 1500, cancelled);
    cancel();
    vi.advanceTimersByTime(GESTURE_SETTLE_MS);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
