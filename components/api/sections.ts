/** Answers made of sections, each with its data or its own error (server/k8s/section.ts). */
import { isTransient } from '@/lib/retry';
import { ApiError } from './client';
import type { ErrorObject, Section } from './types';

function isSection(value: unknown): value is Section<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'data' || keys[0] === 'error');
}

/**
 * The answer, or, when every section failed in a way a later try may fix (the cluster is unreachable),
 * its first section's error thrown: the page then shows one panel with the next try, and the read is
 * asked again with backoff, instead of one panel per section polled at the healthy pace.
 */
export function unlessEverySectionFailed<T extends object>(answer: T): T {
  const sections = Object.values(answer).filter(isSection);
  const errors = sections.flatMap((section): ErrorObject[] => ('error' in section ? [section.error] : []));
  if (errors.length > 0 && errors.length === sections.length && errors.every((error) => isTransient(error))) throw new ApiError(errors[0], 502);
  return answer;
}
