'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * A page's view kept in the address: read from the query, changed through history.replaceState, which
 * Next.js reflects in useSearchParams without a navigation.
 */
export function useUrlView<V>(read: (params: URLSearchParams) => V, write: (view: V) => string): { view: V; setView: (change: Partial<V> | ((current: V) => Partial<V>)) => void } {
  const view = read(useSearchParams());
  const latest = useRef(view);
  useLayoutEffect(() => {
    latest.current = view;
  });
  const setView = useCallback(
    (change: Partial<V> | ((current: V) => Partial<V>)) => {
      const query = write({ ...latest.current, ...(typeof change === 'function' ? change(latest.current) : change) });
      window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
    },
    [write],
  );
  return { view, setView };
}
