import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DeleteDashboardsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  PutCompositeAlarmCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../world/world';
import { SANDBOX_REGION } from '../server';
import { startTestCloudWatch, type TestCloudWatch } from './testing';

const START = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(START + minutes * 60_000 + seconds * 1000);

describe('the sandbox CloudWatch through CloudWatchClient', () => {
  let t: TestCloudWatch;
  let world: World;
  let client: CloudWatchClient;

  beforeAll(async () => {
    t = await startTestCloudWatch();
    world = t.world;
    client = new CloudWatchClient({ region: SANDBOX_REGION, endpoint: t.url, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' } });
  });
  afterAll(() => t.close());

  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number }; dashboardValidationMessages?: unknown },
    );

  it('aggregates PutMetricData per period and computes metric math in GetMetricData', async () => {
    const dims = [{ Name: 'Service', Value: 'api' }];
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'App',
        MetricData: [
          { MetricName: 'Latency', Dimensions: dims, Timestamp: at(0, 10), Value: 10 },
          { MetricName: 'Latency', Dimensions: dims, Timestamp: at(0, 40), Value: 30 },
          { MetricName: 'Latency', Dimensions: dims, Timestamp: at(1, 5), Values: [5, 7], Counts: [1, 2] },
          { MetricName: 'Errors', Dimensions: dims, Timestamp: at(0, 20), Value: 2 },
          { MetricName: 'Errors', Dimensions: dims, Timestamp: at(1, 20), Value: 3 },
        ],
      }),
    );
    const metric = (MetricName: string) => ({ Namespace: 'App', MetricName, Dimensions: dims });
    const out = await client.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(2),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          { Id: 'avg', MetricStat: { Metric: metric('Latency'), Period: 60, Stat: 'Average' } },
          { Id: 'n', MetricStat: { Metric: metric('Latency'), Period: 60, Stat: 'SampleCount' } },
          { Id: 'p50', MetricStat: { Metric: metric('Latency'), Period: 60, Stat: 'p50' } },
          { Id: 'err', MetricStat: { Metric: metric('Errors'), Period: 60, Stat: 'Sum' }, ReturnData: false },
          { Id: 'total', Expression: 'SUM(METRICS())', Label: 'all' },
          { Id: 'rate', Expression: 'err * 100 / n' },
        ],
      }),
    );
    const results = Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id, { label: r.Label, t: r.Timestamps?.map((d) => d.toISOString()), v: r.Values }]));
    expect(results.avg).toEqual({ label: 'Latency', t: ['2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z'], v: [20, 19 / 3] });
    expect(results.n.v).toEqual([2, 3]);
    expect(results.p50.v).toEqual([10, 7]);
    expect(results.err).toBeUndefined();
    expect(results.total).toEqual({ label: 'all', t: ['2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z'], v: [20 + 2 + 10 + 2, 19 / 3 + 3 + 7 + 3] });
    expect(results.rate.v).toEqual([100, 100]);

    const listed = await client.send(new ListMetricsCommand({ Namespace: 'App', Dimensions: [{ Name: 'Service' }] }));
    expect(listed.Metrics?.map((m) => m.MetricName)).toEqual(['Errors', 'Latency']);
  });

  it('rejects a bad query id and a bad expression with InvalidParameterValueException', async () => {
    const bad = await errorOf(client.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(1), MetricDataQueries: [{ Id: 'M1', Expression: '1' }] })));
    expect(bad).toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    expect(bad?.message).toBe('The value M1 for parameter MetricDataQueries.member.1.Id is invalid. It must start with a lowercase letter and contain only letters, numbers and underscores.');
    const expr = await errorOf(client.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(1), MetricDataQueries: [{ Id: 'e1', Expression: 'm9 + 1' }] })));
    expect(expr?.message).toBe('Error in expression e1: Unrecognized id: m9');
  });

  it('evaluates a metric alarm on the world clock, records its history and honours SetAlarmState until the next evaluation', async () => {
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'queue-depth',
        AlarmDescription: 'jobs waiting',
        Namespace: 'App',
        MetricName: 'Queue',
        Dimensions: [],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 100,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: ['arn:aws:sns:ap-northeast-2:123456789012:ops'],
      }),
    );
    let alarm = (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['queue-depth'] }))).MetricAlarms?.[0];
    expect(alarm).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', StateReason: 'Unchecked: Initial alarm creation', ActionsEnabled: true, Threshold: 100 });
    const base = world.nowMs();
    const minute = Math.floor(base / 60_000) * 60_000;
    for (const m of [0, 1]) await client.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'Queue', Timestamp: new Date(minute + m * 60_000 + 1000), Value: 150 + m }] }));
    world.advance(minute + 2 * 60_000 + 5_000 - base);
    alarm = (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['queue-depth'] }))).MetricAlarms?.[0];
    expect(alarm?.StateValue).toBe('ALARM');
    const stamp = (ms: number) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/26 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00`;
    };
    expect(alarm?.StateReason).toBe(
      `Threshold Crossed: 2 out of the last 2 datapoints [151.0 (${stamp(minute + 60_000)}), 150.0 (${stamp(minute)})] were greater than the threshold (100.0) (minimum 2 datapoints for OK -> ALARM transition).`,
    );
    expect(alarm?.StateTransitionedTimestamp?.getTime()).toBe(minute + 2 * 60_000);

    const history = (await client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'queue-depth' }))).AlarmHistoryItems ?? [];
    expect(history.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      ['Action', 'Failed to execute action arn:aws:sns:ap-northeast-2:123456789012:ops. Received error: "Resource: arn:aws:sns:ap-northeast-2:123456789012:ops does not exist"'],
      ['StateUpdate', 'Alarm updated from OK to ALARM'],
      // The first evaluation found no data, which notBreaching treats as OK.
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to OK'],
      ['ConfigurationUpdate', 'Alarm "queue-depth" created'],
    ]);

    await client.send(new SetAlarmStateCommand({ AlarmName: 'queue-depth', StateValue: 'OK', StateReason: 'testing the page' }));
    alarm = (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['queue-depth'] }))).MetricAlarms?.[0];
    expect(alarm).toMatchObject({ StateValue: 'OK', StateReason: 'testing the page' });
    // Two minutes on, no datapoints: notBreaching keeps it OK with that reason.
    world.advance(2 * 60_000);
    alarm = (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['queue-depth'] }))).MetricAlarms?.[0];
    expect(alarm?.StateValue).toBe('OK');

    const missing = await errorOf(client.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })));
    expect(missing).toMatchObject({ name: 'ResourceNotFound', message: 'Alarm nope not found', $metadata: { httpStatusCode: 404 } });
  });

  it('evaluates composite alarms over their children and lists children', async () => {
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'always',
        Namespace: 'App',
        MetricName: 'None',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'breaching',
      }),
    );
    await client.send(new PutCompositeAlarmCommand({ AlarmName: 'page', AlarmRule: 'ALARM("always") AND NOT ALARM(queue-depth)' }));
    world.advance(60_000);
    const out = await client.send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }));
    expect(out.MetricAlarms).toEqual([]);
    const page = out.CompositeAlarms?.[0];
    expect(page?.StateValue).toBe('ALARM');
    expect(page?.StateReason).toMatch(/^arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:always transitioned to ALARM at Thursday 1 January, 2026 00:\d\d:00 UTC$/);
    const children = await client.send(new DescribeAlarmsCommand({ ChildrenOfAlarmName: 'page' }));
    expect(children.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['always', 'queue-depth']);
    const onlyMetric = await client.send(new DescribeAlarmsCommand({}));
    expect(onlyMetric.CompositeAlarms).toEqual([]);

    const bad = await errorOf(client.send(new PutCompositeAlarmCommand({ AlarmName: 'bad', AlarmRule: 'ALARM(a) AND' })));
    expect(bad).toMatchObject({ name: 'InvalidParameterValueException', message: 'Error in AlarmRule at position 13: expected ALARM(), OK(), INSUFFICIENT_DATA(), TRUE, FALSE, NOT or (' });
    const del = await errorOf(client.send(new DeleteAlarmsCommand({ AlarmNames: ['always', 'ghost'] })));
    expect(del).toMatchObject({ name: 'ResourceNotFound', message: 'Alarm ghost not found' });
    await client.send(new DeleteAlarmsCommand({ AlarmNames: ['page'] }));
    expect((await client.send(new DescribeAlarmsCommand({ AlarmNames: ['page'], AlarmTypes: ['CompositeAlarm'] }))).CompositeAlarms).toEqual([]);
  });

  it('validates dashboards as CloudWatch does and keeps them by name', async () => {
    const invalid = await errorOf(
      client.send(
        new PutDashboardCommand({
          DashboardName: 'ops',
          DashboardBody: JSON.stringify({
            widgets: [
              { type: 'metric', x: 0, y: 0, width: 30, height: 6, properties: { view: 'timeSeries' } },
              { type: 'text', properties: {} },
            ],
          }),
        }),
      ),
    );
    expect(invalid).toMatchObject({ name: 'DashboardInvalidInputError', $metadata: { httpStatusCode: 400 } });
    expect(invalid?.dashboardValidationMessages).toEqual([
      { DataPath: '/widgets/0/width', Message: 'Should be <= 24' },
      { DataPath: '/widgets/0/properties', Message: "Should have required property 'metrics'" },
      { DataPath: '/widgets/0/properties', Message: 'The metric widget should have specified a region and a data source or an alarm annotation' },
      { DataPath: '/widgets/1/properties', Message: "Should have required property 'markdown'" },
    ]);
    expect(invalid?.message.startsWith('The dashboard body is invalid, there are 4 validation errors:\n[')).toBe(true);
    const badName = await errorOf(client.send(new PutDashboardCommand({ DashboardName: 'ops board', DashboardBody: '{"widgets":[]}' })));
    expect(badName?.message).toBe('The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).');
    const notJson = await errorOf(client.send(new PutDashboardCommand({ DashboardName: 'ops', DashboardBody: '{widgets' })));
    expect(notJson?.message).toBe('The field DashboardBody must be a valid JSON object');

    const body = JSON.stringify({
      widgets: [
        {
          type: 'log',
          x: 0,
          y: 0,
          width: 12,
          height: 6,
          properties: { query: "SOURCE '/aws/containerinsights/eks-work-cluster/application' | stats count(*)", region: 'ap-northeast-2', view: 'table' },
        },
      ],
    });
    const put = await client.send(new PutDashboardCommand({ DashboardName: 'ops', DashboardBody: body }));
    expect(put.DashboardValidationMessages).toEqual([]);
    const got = await client.send(new GetDashboardCommand({ DashboardName: 'ops' }));
    expect(got).toMatchObject({ DashboardName: 'ops', DashboardBody: body, DashboardArn: 'arn:aws:cloudwatch::123456789012:dashboard/ops' });
    const listed = await client.send(new ListDashboardsCommand({ DashboardNamePrefix: 'o' }));
    expect(listed.DashboardEntries?.map((d) => [d.DashboardName, d.Size])).toEqual([['ops', Buffer.byteLength(body)]]);
    const gone = await errorOf(client.send(new DeleteDashboardsCommand({ DashboardNames: ['ops', 'other'] })));
    // DashboardNotFoundError shares the awsQuery code ResourceNotFound, which the SDK resolves first.
    expect(gone).toMatchObject({ name: 'ResourceNotFound', message: 'Dashboard other does not exist', $metadata: { httpStatusCode: 404 } });
    await client.send(new DeleteDashboardsCommand({ DashboardNames: ['ops'] }));
    const after = await errorOf(client.send(new GetDashboardCommand({ DashboardName: 'ops' })));
    expect(after).toMatchObject({ name: 'ResourceNotFound', message: 'Dashboard ops does not exist' });
  });
});
