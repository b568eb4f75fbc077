import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logsQueryRowsQuery, ROWS_PAGE, rowPageOffsets } from './logs-insights';

afterEach(() => vi.unstubAllGlobals());

const row = (n: number) => [{ field: '@message', value: `line ${n}` }];

describe("a finished query's rows after its first page", () => {
  it('are read ROWS_PAGE (20,000) at a time from the end of the first page to the total', () => {
    expect(ROWS_PAGE).toBe(20_000);
    // 100,000 rows with the 1,000 of the state's first page: 99,000 left, in five pages, the last of 19,000.
    expect(rowPageOffsets(1_000, 100_000)).toEqual([1_000, 21_000, 41_000, 61_000, 81_000]);
    expect(rowPageOffsets(1_000, 21_001)).toEqual([1_000, 21_000]);
    expect(rowPageOffsets(1_000, 1_000)).toEqual([]);
    expect(rowPageOffsets(0, 0)).toEqual([]);
  });

  it('are one cached read per query id and offset, asking the console for that page and no more', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      const offset = Number(new URL(url, 'http://console').searchParams.get('offset'));
      return new Response(JSON.stringify({ id: 'q-1', status: 'Complete', results: [row(offset), row(offset + 1)], rowOffset: offset, resultCount: 41_002 }), { status: 200 });
    });
    const client = new QueryClient();
    const second = await client.fetchQuery(logsQueryRowsQuery('eks-work-cluster', 'q-1', 21_000));
    expect(second.results).toEqual([row(21_000), row(21_001)]);
    // Read once: a finished query's rows do not change, so asking again serves the cache.
    await client.fetchQuery(logsQueryRowsQuery('eks-work-cluster', 'q-1', 21_000));
    await client.fetchQuery(logsQueryRowsQuery('eks-work-cluster', 'q-1', 1_000));
    expect(asked).toEqual(['/api/v1/logs/queries/q-1?cluster=eks-work-cluster&offset=21000&limit=20000', '/api/v1/logs/queries/q-1?cluster=eks-work-cluster&offset=1000&limit=20000']);
    expect(logsQueryRowsQuery('eks-work-cluster', 'q-1', 1_000).queryKey).toEqual([{ resource: 'logs-query-rows', cluster: 'eks-work-cluster', id: 'q-1', offset: 1_000 }]);
  });
});
