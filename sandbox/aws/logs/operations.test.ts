import {
  CloudWatchLogsClient,
  DeleteMetricFilterCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  GetLogGroupFieldsCommand,
  GetQueryResultsCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricDatum } from '../metrics';
import { createAwsServer, SANDBOX_ACCOUNT_ID, type AwsServer } from '../server';
import { createLogsService, type LogsService } from './service';
import { failure } from './testing';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);
let now = T0;
const published: MetricDatum[] = [];
let server: AwsServer;
let service: LogsService;
let client: CloudWatchLogsClient;

const fluentd = (log: string, container = 'backend-app') => JSON.stringify({ log, stream: 'stdout', kubernetes: { container_name: container, namespace_name: 'eks-work' } });

beforeAll(async () => {
  service = createLogsService({ now: () => now, metrics: { put: (d) => published.push(d) }, queries: { chunkDelayMs: 0 } });
  // Three days of one line an hour in stream a, and the seeds' kind of lines in stream b.
  service.store.put(
    'app',
    'a',
    Array.from({ length: 72 }, (_, i) => ({ timestamp: T0 - 3 * DAY + i * 3_600_000, message: `hour ${i}` })),
  );
  service.store.put('app', 'b', [
    { timestamp: T0 - 5000, message: fluentd('WARN connection pool low') },
    { timestamp: T0 - 4000, message: fluentd('[WARN] framework line') },
    { timestamp: T0 - 3000, message: fluentd('upstream error', 'frontend') },
    { timestamp: T0 - 2000, message: fluentd('request error: timeout') },
  ]);
  service.store.createGroup('empty');
  server = createAwsServer([service]);
  client = new CloudWatchLogsClient({ region: 'ap-northeast-2', endpoint: await server.listen(0, '127.0.0.1'), credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
});

afterAll(async () => {
  service.close();
  await server.close();
});

describe('GetLogEvents', () => {
  it('reads the newest events by default and pages backwards, then forwards from the head', async () => {
    const last = await client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'a', limit: 2 }));
    expect(last.events?.map((e) => e.message)).toEqual(['hour 70', 'hour 71']);
    const before = await client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'a', limit: 2, nextToken: last.nextBackwardToken }));
    expect(before.events?.map((e) => e.message)).toEqual(['hour 68', 'hour 69']);
    const head = await client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'a', limit: 2, startFromHead: true }));
    expect(head.events?.map((e) => e.message)).toEqual(['hour 0', 'hour 1']);
    const next = await client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'a', limit: 2, nextToken: head.nextForwardToken }));
    expect(next.events?.map((e) => e.message)).toEqual(['hour 2', 'hour 3']);
    // At the end the forward token comes back unchanged.
    expect((await client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'a', nextToken: last.nextForwardToken }))).nextForwardToken).toBe(last.nextForwardToken);
  });

  it('answers a missing stream and a missing group with ResourceNotFoundException', async () => {
    expect(await failure(client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'nope' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
    expect(await failure(client.send(new GetLogEventsCommand({ logGroupName: 'nope', logStreamName: 'a' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });
});

describe('FilterLogEvents', () => {
  it('applies the seeds JSON filter pattern across streams in time order', async () => {
    const out = await client.send(
      new FilterLogEventsCommand({ logGroupName: 'app', filterPattern: '{ $.log != "[*" && $.kubernetes.container_name = "backend-app" && ( $.log = "*WARN*" || $.log = "*error*" ) }' }),
    );
    expect(out.events?.map((e) => [e.logStreamName, (JSON.parse(e.message!) as { log: string }).log])).toEqual([
      ['b', 'WARN connection pool low'],
      ['b', 'request error: timeout'],
    ]);
  });

  it('pages with nextToken, a time range and a term pattern', async () => {
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: 'app', logStreamNames: ['a'], filterPattern: 'hour', startTime: T0 - DAY, limit: 20 }));
    expect(first.events?.length).toBe(20);
    expect(first.events?.[0].message).toBe('hour 48');
    const second = await client.send(new FilterLogEventsCommand({ logGroupName: 'app', logStreamNames: ['a'], filterPattern: 'hour', startTime: T0 - DAY, limit: 20, nextToken: first.nextToken }));
    expect(second.events?.map((e) => e.message)).toEqual(['hour 68', 'hour 69', 'hour 70', 'hour 71']);
    expect(second.nextToken).toBeUndefined();
  });

  it('refuses a pattern that does not parse with InvalidParameterException', async () => {
    expect(await failure(client.send(new FilterLogEventsCommand({ logGroupName: 'app', filterPattern: '{ $.status = }' })))).toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('retention', () => {
  it('events older than the retention disappear from reads and queries; removing it keeps what is left', async () => {
    await client.send(new PutRetentionPolicyCommand({ logGroupName: 'app', retentionInDays: 1 }));
    const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'app' }));
    expect(groups.logGroups?.[0].retentionInDays).toBe(1);
    const head = await client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'a', startFromHead: true, limit: 1 }));
    expect(head.events?.[0].message).toBe('hour 48');
    const { queryId } = await client.send(
      new StartQueryCommand({ logGroupName: 'app', startTime: (T0 - 10 * DAY) / 1000, endTime: T0 / 1000, queryString: 'filter @logStream = "a" | stats count(*) as n' }),
    );
    let r = await client.send(new GetQueryResultsCommand({ queryId }));
    while (r.status !== 'Complete') r = await client.send(new GetQueryResultsCommand({ queryId }));
    expect(r.results).toEqual([[{ field: 'n', value: '24' }]]);
    await client.send(new DeleteRetentionPolicyCommand({ logGroupName: 'app' }));
    const after = await client.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'a', startFromHead: true, limit: 1 }));
    expect(after.events?.[0].message).toBe('hour 48');
  });

  it('accepts only the documented retention values', async () => {
    const error = await failure(client.send(new PutRetentionPolicyCommand({ logGroupName: 'app', retentionInDays: 2 })));
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toContain("Value '2' at 'retentionInDays' failed to satisfy constraint");
  });
});

describe('metric filters', () => {
  it('publish a datapoint for each matching event ingested, with dimensions from the event', async () => {
    await client.send(
      new PutMetricFilterCommand({
        logGroupName: 'app',
        filterName: 'errors-by-container',
        filterPattern: '{ $.log = "*error*" }',
        metricTransformations: [{ metricName: 'Errors', metricNamespace: 'App', metricValue: '1', dimensions: { Container: '$.kubernetes.container_name' } }],
      }),
    );
    now = T0 + 60_000;
    service.store.put('app', 'b', [
      { timestamp: T0 + 10_000, message: fluentd('db error') },
      { timestamp: T0 + 20_000, message: fluentd('all good') },
      { timestamp: T0 + 30_000, message: fluentd('render error', 'frontend') },
    ]);
    expect(published).toEqual([
      { namespace: 'App', metricName: 'Errors', dimensions: { Container: 'backend-app' }, timestamp: new Date(T0 + 10_000), value: 1 },
      { namespace: 'App', metricName: 'Errors', dimensions: { Container: 'frontend' }, timestamp: new Date(T0 + 30_000), value: 1 },
    ]);
    const described = await client.send(new DescribeMetricFiltersCommand({ logGroupName: 'app' }));
    expect(described.metricFilters?.map((f) => [f.filterName, f.filterPattern, f.metricTransformations?.[0].metricName])).toEqual([['errors-by-container', '{ $.log = "*error*" }', 'Errors']]);
    await client.send(new DeleteMetricFilterCommand({ logGroupName: 'app', filterName: 'errors-by-container' }));
    expect((await client.send(new DescribeMetricFiltersCommand({ logGroupName: 'app' }))).metricFilters).toEqual([]);
    expect(await failure(client.send(new DeleteMetricFilterCommand({ logGroupName: 'app', filterName: 'errors-by-container' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses a filter pattern that does not parse', async () => {
    const error = await failure(
      client.send(
        new PutMetricFilterCommand({ logGroupName: 'app', filterName: 'bad', filterPattern: '{ $.a = ', metricTransformations: [{ metricName: 'M', metricNamespace: 'N', metricValue: '1' }] }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
  });
});

describe('DescribeLogGroups', () => {
  it('refuses a prefix together with a pattern', async () => {
    expect(await failure(client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'a', logGroupNamePattern: 'pp' })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    });
  });

  it('matches a pattern anywhere in the name, ignoring case', async () => {
    expect((await client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'MPT' }))).logGroups?.map((g) => g.logGroupName)).toEqual(['empty']);
  });
});

describe('GetLogGroupFields', () => {
  const MINUTE = 60_000;
  const at = T0 + DAY;
  const event = (minutesAgo: number, message: unknown) => ({ timestamp: at - minutesAgo * MINUTE, message: typeof message === 'string' ? message : JSON.stringify(message) });

  beforeAll(() => {
    service.store.put('fields', 'old', [event(20, { level: 'debug', old: true })]);
    service.store.put('fields', 'new', [event(10, { log: 'a', kubernetes: { labels: { app: 'web' } } }), event(5, { log: 'b', level: null }), event(1, 'plain text')]);
  });

  it('answers the fields of the last 15 minutes without a time, by share, the generated fields at 100 percent', async () => {
    now = at;
    const out = await client.send(new GetLogGroupFieldsCommand({ logGroupName: 'fields' }));
    expect(out.logGroupFields).toEqual([
      { name: '@ingestionTime', percent: 100 },
      { name: '@log', percent: 100 },
      { name: '@logStream', percent: 100 },
      { name: '@message', percent: 100 },
      { name: '@timestamp', percent: 100 },
      { name: 'log', percent: 67 },
      { name: 'kubernetes.labels.app', percent: 33 },
    ]);
  });

  it('searches 8 minutes either side of time (epoch seconds), naming the group by ARN', async () => {
    now = at;
    const arn = `arn:aws:logs:ap-northeast-2:${SANDBOX_ACCOUNT_ID}:log-group:fields`;
    const out = await client.send(new GetLogGroupFieldsCommand({ logGroupIdentifier: arn, time: (at - 22 * MINUTE) / 1000 }));
    expect(out.logGroupFields?.filter((f) => !f.name?.startsWith('@'))).toEqual([
      { name: 'level', percent: 100 },
      { name: 'old', percent: 100 },
    ]);
  });

  it('answers an empty list for a window without events', async () => {
    expect((await client.send(new GetLogGroupFieldsCommand({ logGroupName: 'fields', time: (at - 2 * DAY) / 1000 }))).logGroupFields).toEqual([]);
  });

  it('refuses a missing group, both names, neither name and a negative time with the service’s errors', async () => {
    expect(await failure(client.send(new GetLogGroupFieldsCommand({ logGroupName: 'nope' })))).toMatchObject({ name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    expect(await failure(client.send(new GetLogGroupFieldsCommand({ logGroupName: 'fields', logGroupIdentifier: 'fields' })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    });
    expect(await failure(client.send(new GetLogGroupFieldsCommand({})))).toMatchObject({ name: 'InvalidParameterException', message: 'Either logGroupName or logGroupIdentifier must be specified.' });
    expect(await failure(client.send(new GetLogGroupFieldsCommand({ logGroupName: 'fields', time: -1 })))).toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value '-1' at 'time' failed to satisfy constraint: Member must have value greater than or equal to 0",
    });
  });
});
