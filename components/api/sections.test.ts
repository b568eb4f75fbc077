import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { unlessEverySectionFailed } from './sections';
import type { ErrorObject } from './types';

const unreachable: ErrorObject = { kind: 'ClusterUnreachable', message: 'cannot reach the API server of cluster "gone" at https://127.0.0.1:1: connection refused (ECONNREFUSED)' };
const forbidden: ErrorObject = { kind: 'Status', message: 'pods is forbidden', status: { code: 403, reason: 'Forbidden' } };

describe('unlessEverySectionFailed', () => {
  it("throws the first section's error when every section failed with an error a later try may fix", () => {
    const answer = { pods: { error: unreachable }, nodes: { error: unreachable }, namespace: 'default' };
    const thrown = (() => {
      try {
        unlessEverySectionFailed(answer);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).error).toBe(unreachable);
  });

  it('keeps an answer with one section read, or whose failures are refusals shown per section', () => {
    const partial = { pods: { error: unreachable }, nodes: { data: { total: 3 } } };
    expect(unlessEverySectionFailed(partial)).toBe(partial);
    const refused = { pods: { error: forbidden }, nodes: { error: unreachable } };
    expect(unlessEverySectionFailed(refused)).toBe(refused);
    const plain = { items: [] };
    expect(unlessEverySectionFailed(plain)).toBe(plain);
  });
});
