'use client';
import { useEffect, useRef } from 'react';

/** Reads again each time the dashboard runs its widgets (refresh, auto-refresh), not on the first render, which reads already. */
export function useRefetchOnRun(runKey: number, refetch: () => unknown): void {
  const last = useRef(runKey);
  useEffect(() => {
    if (last.current === runKey) return;
    last.current = runKey;
    void refetch();
  }, [runKey, refetch]);
}
