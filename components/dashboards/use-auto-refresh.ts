'use client';
import { useEffect, useState } from 'react';

/**
 * A counter that goes up every `intervalMs` (0: never) while the tab is visible. A hidden tab
 * runs nothing; one that comes back after a refresh fell due refreshes at once.
 */
export function useAutoRefresh(intervalMs: number): [number, () => void] {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!intervalMs) return;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fire = () => {
      last = Date.now();
      setTick((t) => t + 1);
      schedule();
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (document.visibilityState === 'hidden') return;
      timer = setTimeout(fire, Math.max(0, last + intervalMs - Date.now()));
    };
    const onVisibility = () => schedule();
    schedule();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs]);
  return [tick, () => setTick((t) => t + 1)];
}
