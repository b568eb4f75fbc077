import 'server-only';
import { ConsoleError, consoleErrors, type ErrorObject } from '../errors';
import { log } from '../observability/logger';

/** One part of an answer: its data, or the error that stopped it, so one 403 does not hide the rest. */
export type Section<T> = { data: T } | { error: ErrorObject };

export async function section<T>(work: () => Promise<T>): Promise<Section<T>> {
  try {
    return { data: await work() };
  } catch (err) {
    // A rejected token concerns the whole answer, not one part.
    if (err instanceof ConsoleError && err.kind === 'Unauthorized') throw err;
    if (err instanceof ConsoleError) return { error: err.toJSON() };
    log().error({ err }, 'section failed');
    return { error: consoleErrors.internal().toJSON() };
  }
}
