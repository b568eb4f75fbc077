'use client';
import { createContext, use, useSyncExternalStore } from 'react';
import type { NextTry, RetryScheduler } from './retry-scheduler';

export const RetrySchedulerContext = createContext<RetryScheduler | undefined>(undefined);

/** When the read that failed with `error` is asked again, re-rendered as tries are scheduled and made. */
export function useNextTry(error: unknown): NextTry | undefined {
  const scheduler = use(RetrySchedulerContext);
  useSyncExternalStore(scheduler?.subscribe ?? noSubscribe, scheduler?.getVersion ?? noVersion, noVersion);
  return scheduler?.nextTry(error);
}

const noSubscribe = () => () => {};
const noVersion = () => 0;
