'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DrainEvent, DrainOptions } from '@/server/k8s/actions/drain';
import { clusterPath, resourceKey } from '../api/keys';
import { sessionQuery } from '../api/queries/session';
import { podPages } from '../pods/live-pods';

export type { DrainEvent, DrainOptions };

export type DrainState = 'idle' | 'running' | 'stopped' | 'done' | 'failed';

/** A drain streamed step by step; stopping it closes the stream, which stops the evictions and leaves the node cordoned. */
export function useDrain(cluster: string, node: string) {
  const queryClient = useQueryClient();
  const [events, setEvents] = useState<DrainEvent[]>([]);
  const [state, setState] = useState<DrainState>('idle');
  const [error, setError] = useState<unknown>();
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (options: DrainOptions) => {
      const abort = new AbortController();
      controller.current = abort;
      setEvents([]);
      setError(undefined);
      setState('running');
      try {
        const { csrfToken } = await queryClient.ensureQueryData(sessionQuery());
        const lines = podPages<DrainEvent>(clusterPath(cluster, 'nodes', encodeURIComponent(node), 'drain'), abort.signal, {
          method: 'POST',
          body: JSON.stringify(options),
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
        });
        for await (const event of lines) setEvents((current) => [...current, event]);
        if (!abort.signal.aborted) setState('done');
      } catch (err) {
        if (abort.signal.aborted) return;
        setError(err);
        setState('failed');
      } finally {
        void queryClient.invalidateQueries({ queryKey: resourceKey({ resource: 'nodes', cluster }) });
      }
    },
    [cluster, node, queryClient],
  );

  const stop = useCallback(() => {
    controller.current?.abort();
    setState('stopped');
  }, []);

  return { events, state, error, start, stop };
}
