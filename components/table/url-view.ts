'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/**
 * A page's view kept in the address: read from the query, changed through history.replaceState, which
 * Next.js reflects in useSearchParams without a navigation. Until it does, the page shows the view it
 * asked for, so a controlled input (a checkbox) never springs back for a render in between.
 */
export function useUrlView<V>(read: (params: URLSearchParams) => V, write: (view: V) => string): { view: V; setView: (change: Partial<V> | ((current: V) => Partial<V>)) => void } {
  const params = useSearchParams();
  // The query asked for, and the address it was asked on: once the address changes, it speaks for itself.
  const [asked, setAsked] = useState<{ query: string; on: URLSearchParams } | null>(null);
  const view = read(asked && asked.on === params ? new URLSearchParams(asked.query) : params);
  const latest = useRef(view);
  useLayoutEffect(() => {
    latest.current = view;
  });
  const setView = useCallback(
    (change: Partial<V> | ((current: V) => Partial<V>)) => {
      const next = { ...latest.current, ...(typeof change === 'function' ? change(latest.current) : change) };
      const query = write(next);
      latest.current = next;
      setAsked({ query, on: params });
      window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
    },
    [write, params],
  );
  return { view, setView };
}
