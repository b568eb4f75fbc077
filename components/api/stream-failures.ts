'use client';
/**
 * Failures of the page's live streams (the pods watch, log follows), which do not pass through the
 * query cache, reported so the shell can tell when one says the session has ended.
 */
import type { ErrorObject } from './types';

type Listener = (error: ErrorObject) => void;

const listeners = new Set<Listener>();

export function reportStreamFailure(error: ErrorObject): void {
  for (const listener of listeners) listener(error);
}

export function onStreamFailure(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
