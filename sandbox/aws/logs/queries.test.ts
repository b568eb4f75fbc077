import { CloudWatchLogsClient, DescribeQueriesCommand, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { World } from '../../world/world';
import { createAwsServer, type AwsServer } from '../server';
import { createLogsService, type LogsService } from './service';
import { failure } from './testing';

const T0 = Date.UTC(2026, 0, 1);

let server: AwsServer;
let service: LogsService;
let client: CloudWatchLogsClient;

beforeAll(async () => {
  // Ten events per turn, 10 ms apart: a query over 1,000 events runs for about a second.
  service = createLogsService({ now: () => T0 + 3_600_000, queries: { chunkEvents: 10, chunkDelayMs: 10, maxConcurrent: 3 } });
  for (let s = 0; s < 4; s++) {
    service.store.put(
      'app',
      `stream-${s}`,
      Array.from({ length: 250 }, (_, i) => ({ timestamp: T0 + i * 1000 + s, message: `line ${i} of ${s}${i % 10 === 0 ? ' ERROR' : ''}` })),
    );
  }
  server = createAwsServer([service]);
  client = new CloudWatchLogsClient({
    region: 'ap-northeast-2',
    endpoint: await server.listen(0, '127.0.0.1'),
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    // The SDK retries LimitExceededException as throttling; one attempt shows the service's answer.
    maxAttempts: 1,
  });
});

afterAll(async () => {
  service.close();
  await server.close();
});

const start = (queryString: string) => client.send(new StartQueryCommand({ logGroupName: 'app', startTime: T0 / 1000, endTime: T0 / 1000 + 3600, queryString }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('query lifecycle', () => {
  it('goes Scheduled, then Running with statistics growing, then Complete with every record', async () => {
    const { queryId } = await start('filter @message like "ERROR" | stats count(*) as errors');
    const statuses = [(await client.send(new GetQueryResultsCommand({ queryId }))).status];
    expect(['Scheduled', 'Running']).toContain(statuses[0]);
    const poll = () => client.send(new GetQueryResultsCommand({ queryId }));
    let running = await poll();
    while (running.status === 'Scheduled') running = await poll();
    expect(running.status).toBe('Running');
    const scanned = running.statistics!.recordsScanned!;
    expect(scanned).toBeGreaterThan(0);
    expect(scanned).toBeLessThan(1000);
    let later = await poll();
    while (later.statistics!.recordsScanned! === scanned) later = await poll();
    expect(later.statistics!.recordsScanned!).toBeGreaterThan(scanned);
    let done = later;
    while (done.status === 'Running') {
      await sleep(50);
      done = await client.send(new GetQueryResultsCommand({ queryId }));
    }
    expect(done.status).toBe('Complete');
    expect(done.results).toEqual([[{ field: 'errors', value: '100' }]]);
    expect(done.statistics).toEqual({ recordsMatched: 100, recordsScanned: 1000, bytesScanned: done.statistics!.bytesScanned, logGroupsScanned: 1 });
  });

  it('refuses a query past the concurrency quota with LimitExceededException, and StopQuery cancels', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await start('fields @message')).queryId!);
    const error = await failure(start('fields @message'));
    expect([error.name, error.message]).toEqual(['LimitExceededException', 'Account maximum query concurrency limit of [3] reached.']);
    for (const queryId of ids) expect((await client.send(new StopQueryCommand({ queryId }))).success).toBe(true);
    expect((await client.send(new GetQueryResultsCommand({ queryId: ids[0] }))).status).toBe('Cancelled');
    const again = await failure(client.send(new StopQueryCommand({ queryId: ids[0] })));
    expect(again.name).toBe('InvalidParameterException');
    const described = await client.send(new DescribeQueriesCommand({ status: 'Cancelled', maxResults: 2 }));
    expect(described.queries?.map((q) => q.queryId)).toEqual([ids[2], ids[1]]);
    const next = await client.send(new DescribeQueriesCommand({ status: 'Cancelled', maxResults: 2, nextToken: described.nextToken }));
    expect(next.queries?.map((q) => q.queryId)).toEqual([ids[0]]);
  });

  it('answers an unknown query id with ResourceNotFoundException', async () => {
    const error = await failure(client.send(new GetQueryResultsCommand({ queryId: 'nope' })));
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('honours StartQuery limit when the query has none, and the time range inclusively', async () => {
    const { queryId } = await client.send(
      new StartQueryCommand({ logGroupName: 'app', startTime: T0 / 1000 + 10, endTime: T0 / 1000 + 12, queryString: 'fields @message | sort @timestamp asc', limit: 5 }),
    );
    let r = await client.send(new GetQueryResultsCommand({ queryId }));
    while (r.status !== 'Complete') {
      await sleep(20);
      r = await client.send(new GetQueryResultsCommand({ queryId }));
    }
    expect(r.results?.map((row) => row[0].value)).toEqual(['line 10 of 0 ERROR', 'line 10 of 1 ERROR', 'line 10 of 2 ERROR', 'line 10 of 3 ERROR', 'line 11 of 0']);
    expect(r.statistics?.recordsScanned).toBe(12);
  });

  it('is Scheduled until its first chunk runs', () => {
    const { queryId } = service.queries.start({ logGroupName: 'app', startTime: T0 / 1000, endTime: T0 / 1000 + 3600, queryString: 'fields @message' });
    expect(service.queries.results({ queryId }).status).toBe('Scheduled');
    service.queries.stop({ queryId });
    expect(service.queries.results({ queryId }).status).toBe('Cancelled');
  });

  it('runs at least minRunMs, its statistics growing over that time even over a few events', async () => {
    const paced = createLogsService({ now: () => T0 + 3_600_000, queries: { minRunMs: 600 } });
    paced.store.put(
      'small',
      's',
      Array.from({ length: 40 }, (_, i) => ({ timestamp: T0 + i * 1000, message: `m${i}` })),
    );
    const { queryId } = paced.queries.start({ logGroupName: 'small', startTime: T0 / 1000, endTime: T0 / 1000 + 3600, queryString: 'stats count(*) as n' });
    const started = Date.now();
    let mid = paced.queries.results({ queryId });
    while (mid.statistics.recordsScanned === 0) {
      await sleep(20);
      mid = paced.queries.results({ queryId });
    }
    expect(mid.status).toBe('Running');
    expect(mid.statistics.recordsScanned).toBeGreaterThan(0);
    expect(mid.statistics.recordsScanned).toBeLessThan(40);
    let done = mid;
    while (done.status === 'Running') {
      await sleep(20);
      done = paced.queries.results({ queryId });
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    expect([done.status, done.results]).toEqual(['Complete', [[{ field: 'n', value: '40' }]]]);
    paced.close();
  });

  it('measures minRunMs on the clock it is given: on a manual clock the query moves only when the clock does', async () => {
    const clock = new World({ mode: 'manual' });
    // A slice long enough that every step scans its whole chunk, so the counts below are exact on a busy machine.
    const paced = createLogsService({ now: () => T0 + 3_600_000, queries: { minRunMs: 10_000, sliceMs: 1_000, clock } });
    paced.store.put(
      'small',
      's',
      Array.from({ length: 40 }, (_, i) => ({ timestamp: T0 + i * 1000, message: `m${i}` })),
    );
    const { queryId } = paced.queries.start({ logGroupName: 'small', startTime: T0 / 1000, endTime: T0 / 1000 + 3600, queryString: 'stats count(*) as n' });
    const progress = () => {
      const r = paced.queries.results({ queryId });
      return [r.status, r.statistics.recordsScanned];
    };
    await sleep(100);
    expect(progress()).toEqual(['Scheduled', 0]);
    // 20 steps (PACED_STEPS) 500 ms apart over the 10 s, each scanning 40 / 20 = 2 events.
    clock.advance(5_000);
    expect(progress()).toEqual(['Running', 20]);
    clock.advance(4_999);
    expect(progress()).toEqual(['Running', 38]);
    clock.advance(1);
    expect(progress()).toEqual(['Running', 40]);
    // The minimum has passed: the last step, which finds no more events, follows at once.
    await vi.waitFor(() => expect(progress()).toEqual(['Complete', 40]), { timeout: 2_000, interval: 10 });
    expect(paced.queries.results({ queryId }).results).toEqual([[{ field: 'n', value: '40' }]]);
    paced.close();
  });

  it('stops a query waiting on a manual clock at once, and moving the clock afterwards changes nothing', () => {
    const clock = new World({ mode: 'manual' });
    const paced = createLogsService({ now: () => T0 + 3_600_000, queries: { minRunMs: 10_000, clock } });
    paced.store.put('small', 's', [{ timestamp: T0, message: 'm' }]);
    const { queryId } = paced.queries.start({ logGroupName: 'small', startTime: T0 / 1000, endTime: T0 / 1000 + 3600, queryString: 'stats count(*) as n' });
    clock.advance(9_000);
    expect(paced.queries.results({ queryId }).status).toBe('Running');
    expect(paced.queries.stop({ queryId })).toEqual({ success: true });
    clock.advance(5_000);
    expect(paced.queries.results({ queryId }).status).toBe('Cancelled');
    paced.close();
  });
});
