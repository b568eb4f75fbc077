'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/** One part of a view kept in the address: how it reads from the query and writes back into it. */
export interface UrlViewParam<T> {
  read(params: URLSearchParams): T;
  write(params: URLSearchParams, value: T): void;
}

/** A text parameter; left out of the query at its default. With `allowed`, any other value reads as the default. */
export function textParam<T extends string = string>(name: string, fallback: T, allowed?: readonly T[]): UrlViewParam<T> {
  return {
    read: (params) => {
      const value = params.get(name) as T | null;
      return value !== null && (!allowed || allowed.includes(value)) ? value : fallback;
    },
    write: (params, value) => {
      if (value !== fallback) params.set(name, value);
    },
  };
}

/** A switch, on when the parameter holds `on`; left out of the query when off. */
export function flagParam(name: string, on = 'true'): UrlViewParam<boolean> {
  return {
    read: (params) => params.get(name) === on,
    write: (params, value) => {
      if (value) params.set(name, on);
    },
  };
}

/** Reads a view from the query and writes it back, parameters in the order given, defaults left out. */
export function urlViewCodec<V extends object>(fields: { [K in keyof V]: UrlViewParam<V[K]> }): { read: (params: URLSearchParams) => V; write: (view: V) => string } {
  const entries = Object.entries(fields) as [keyof V, UrlViewParam<V[keyof V]>][];
  return {
    read: (params) => Object.fromEntries(entries.map(([key, field]) => [key, field.read(params)])) as V,
    write: (view) => {
      const params = new URLSearchParams();
      for (const [key, field] of entries) field.write(params, view[key]);
      return params.toString();
    },
  };
}

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
