import { describe, expect, it } from 'vitest';
import { ApiError } from '@/components/api/client';
import type { PagedQueryState } from '@/components/logs-insights/api';
import { logQueryView } from './log-query-view';

const rows = [[{ field: 'n', value: '3' }]];

function state(status: PagedQueryState['status'], extra: Partial<PagedQueryState> = {}): PagedQueryState {
  return { id: 'q-1', status, source: 'cloudwatch', statistics: { recordsMatched: 3, recordsScanned: 120, bytesScanned: 4096 }, results: rows, rowsWithheld: 0, restrictedTo: null, ...extra };
}

const allRows = { results: rows, loading: false, error: undefined };

describe("a log widget's view of its query", () => {
  it('is starting before its start answered, and while a 429 has it wait, with the wait told', () => {
    expect(logQueryView(undefined, { error: null }, allRows)).toEqual({ phase: 'starting' });
    expect(logQueryView({ waiting: { max: 3, retryAfterSeconds: 7 } }, { error: null }, allRows)).toEqual({ phase: 'starting', waiting: { max: 3, retryAfterSeconds: 7 } });
  });

  it('is running while the query runs and done once it is final with every row read', () => {
    expect(logQueryView({ id: 'q-1' }, { data: state('Running'), error: null }, allRows)).toEqual({ phase: 'running', status: 'Running', results: rows, recordsScanned: 120, restrictedTo: null });
    expect(logQueryView({ id: 'q-1' }, { data: state('Complete', { restrictedTo: ['rbac-test-ns'] }), error: null }, allRows)).toEqual({
      phase: 'done',
      status: 'Complete',
      results: rows,
      recordsScanned: 120,
      restrictedTo: ['rbac-test-ns'],
    });
  });

  it('stays running while the later pages of a finished query are read', () => {
    const view = logQueryView({ id: 'q-1' }, { data: state('Complete', { resultCount: 25_000 }), error: null }, { results: rows, loading: true, error: undefined });
    expect(view).toEqual({ phase: 'running', status: 'Complete', results: rows, recordsScanned: 120, restrictedTo: null });
  });

  it("is starting again when the server cancelled the unpolled query, and while the state is another run's", () => {
    expect(logQueryView({ id: 'q-1' }, { data: state('Cancelled'), error: null }, allRows)).toEqual({ phase: 'starting' });
    expect(logQueryView({ id: 'q-2' }, { data: state('Running'), error: null }, allRows)).toEqual({ phase: 'starting' });
  });

  it("shows the start's refusal, a failed poll's error, the query's own error and a failed page's error", () => {
    const refused = { kind: 'Forbidden' as const, message: 'dev may not read /aws/containerinsights/eks-work-cluster/application' };
    expect(logQueryView({ error: refused }, { error: null }, allRows)).toEqual({ phase: 'error', error: refused });
    const unreachable = new ApiError({ kind: 'ConsoleUnreachable', message: 'Watchdeck did not answer within 35 s', timeoutSeconds: 35 }, 0);
    expect(logQueryView({ id: 'q-1' }, { data: state('Running'), error: unreachable }, allRows)).toEqual({ phase: 'error', error: unreachable.error });
    const malformed = { kind: 'BadRequest' as const, message: 'unexpected symbol at line 1, column 8' };
    expect(logQueryView({ id: 'q-1' }, { data: state('Failed', { error: malformed }), error: null }, allRows)).toEqual({ phase: 'error', error: malformed });
    const pageFailed = new ApiError({ kind: 'Internal', message: '500 Internal Server Error' }, 500);
    expect(logQueryView({ id: 'q-1' }, { data: state('Complete', { resultCount: 25_000 }), error: null }, { results: rows, loading: false, error: pageFailed })).toEqual({
      phase: 'error',
      error: pageFailed.error,
    });
  });
});
