'use client';
import { useEffect, useRef, type RefObject } from 'react';

/**
 * When the user last pressed a pointer or a key anywhere in the page (performance.now(), or -Infinity).
 *
 * An address written with history.replaceState reaches Next.js's router as a navigation of its own, which
 * discards one still on its way: a link followed, or a page opened by a button once its request answered.
 * A writer that would change the address by itself waits until the user's last gesture has had time to land.
 */
export function useLastGesture(): RefObject<number> {
  const at = useRef(-Infinity);
  useEffect(() => {
    const mark = () => (at.current = performance.now());
    const options = { capture: true, passive: true };
    window.addEventListener('pointerdown', mark, options);
    window.addEventListener('keydown', mark, options);
    return () => {
      window.removeEventListener('pointerdown', mark, options);
      window.removeEventListener('keydown', mark, options);
    };
  }, []);
  return at;
}

/** How long after a gesture a navigation it started is given to land before the address is written. */
export const GESTURE_SETTLE_MS = 3000;

/** Runs `write` now, or once GESTURE_SETTLE_MS have passed since the last gesture; the returned function cancels it. */
export function afterGestureSettles(lastGesture: number, now: number, write: () => void): () => void {
  const wait = lastGesture + GESTURE_SETTLE_MS - now;
  if (wait <= 0) {
    write();
    return () => {};
  }
  const timer = setTimeout(write, wait);
  return () => clearTimeout(timer);
}
