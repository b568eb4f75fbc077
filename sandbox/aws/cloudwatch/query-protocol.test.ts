import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloudWatch, type TestCloudWatch } from './testing';

const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIATEST/20260101/ap-northeast-2/monitoring/aws4_request, SignedHeaders=host, Signature=00';
const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

/**
 * The body aws-cli 1.45.11 (botocore 1.43.11) sends for
 * `aws cloudwatch put-metric-data --namespace App --metric-data '[…]'` when its model speaks the query protocol.
 */
const PUT_METRIC_DATA =
  'Action=PutMetricData&Version=2010-08-01&Namespace=App' +
  '&MetricData.member.1.MetricName=Latency&MetricData.member.1.Dimensions.member.1.Name=Service&MetricData.member.1.Dimensions.member.1.Value=api' +
  '&MetricData.member.1.Timestamp=2026-01-01T00%3A00%3A10Z&MetricData.member.1.Value=10' +
  '&MetricData.member.2.MetricName=Latency&MetricData.member.2.Dimensions.member.1.Name=Service&MetricData.member.2.Dimensions.member.1.Value=api' +
  '&MetricData.member.2.Timestamp=2026-01-01T00%3A00%3A40Z&MetricData.member.2.Value=30';

describe('the sandbox CloudWatch over the AWS query protocol, on the wire', () => {
  let t: TestCloudWatch;

  beforeAll(async () => {
    t = await startTestCloudWatch();
  });
  afterAll(() => t.close());

  /** Status, content type and body, the request id replaced after checking the header carries the same one. */
  async function call(body: string, headers: Record<string, string> = { authorization: AUTHORIZATION }) {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers }, body });
    const text = await res.text();
    const id = /<RequestId>([^<]+)<\/RequestId>/.exec(text)?.[1];
    expect(id).toBe(res.headers.get('x-amzn-requestid'));
    return { status: res.status, type: res.headers.get('content-type'), xml: text.replace(id!, 'ID') };
  }

  it('stores PutMetricData from form parameters and answers with only the response metadata', async () => {
    expect(await call(PUT_METRIC_DATA)).toEqual({
      status: 200,
      type: 'text/xml',
      xml: `<PutMetricDataResponse xmlns="${XMLNS}"><ResponseMetadata><RequestId>ID</RequestId></ResponseMetadata></PutMetricDataResponse>`,
    });
    expect(t.cw.metrics.list().map((m) => [m.namespace, m.metricName, m.dimensions])).toEqual([['App', 'Latency', { Service: 'api' }]]);
  });

  it('answers ListMetrics and GetMetricData in XML: lists as member elements, timestamps in ISO 8601, doubles as CloudWatch writes them', async () => {
    const listed = await call('Action=ListMetrics&Version=2010-08-01&Namespace=App&Dimensions.member.1.Name=Service');
    expect(listed.xml).toBe(
      `<ListMetricsResponse xmlns="${XMLNS}"><ListMetricsResult><Metrics><member><Namespace>App</Namespace><MetricName>Latency</MetricName>` +
        '<Dimensions><member><Name>Service</Name><Value>api</Value></member></Dimensions></member></Metrics></ListMetricsResult>' +
        '<ResponseMetadata><RequestId>ID</RequestId></ResponseMetadata></ListMetricsResponse>',
    );
    const metric =
      'MetricStat.Metric.Namespace=App&MetricStat.Metric.MetricName=Latency&MetricStat.Metric.Dimensions.member.1.Name=Service&MetricStat.Metric.Dimensions.member.1.Value=api&MetricStat.Period=60';
    const queries = [`MetricDataQueries.member.1.Id=avg&${metric.replace(/MetricStat/g, 'MetricDataQueries.member.1.MetricStat')}&MetricDataQueries.member.1.MetricStat.Stat=Average`];
    queries.push(
      `MetricDataQueries.member.2.Id=n&${metric.replace(/MetricStat/g, 'MetricDataQueries.member.2.MetricStat')}&MetricDataQueries.member.2.MetricStat.Stat=SampleCount&MetricDataQueries.member.2.ReturnData=false`,
    );
    queries.push('MetricDataQueries.member.3.Id=third&MetricDataQueries.member.3.Expression=avg%20%2F%203&MetricDataQueries.member.3.Label=a%20%3C%20third');
    const data = await call(`Action=GetMetricData&Version=2010-08-01&StartTime=2026-01-01T00%3A00%3A00Z&EndTime=2026-01-01T00%3A02%3A00Z&${queries.join('&')}`);
    // Average of 10 and 30 in the minute from 00:00; a third of it; n is not returned (ReturnData=false).
    expect(data).toEqual({
      status: 200,
      type: 'text/xml',
      xml:
        `<GetMetricDataResponse xmlns="${XMLNS}"><GetMetricDataResult><MetricDataResults>` +
        '<member><Id>avg</Id><Label>Latency</Label><Timestamps><member>2026-01-01T00:00:00Z</member></Timestamps><Values><member>20.0</member></Values><StatusCode>Complete</StatusCode></member>' +
        '<member><Id>third</Id><Label>a &lt; third</Label><Timestamps><member>2026-01-01T00:00:00Z</member></Timestamps><Values><member>6.666666666666667</member></Values><StatusCode>Complete</StatusCode></member>' +
        '</MetricDataResults><Messages/></GetMetricDataResult><ResponseMetadata><RequestId>ID</RequestId></ResponseMetadata></GetMetricDataResponse>',
    });
  });

  it('answers DescribeAlarms with booleans in lowercase, empty lists as empty elements and the alarm’s timestamps', async () => {
    const put = await call(
      'Action=PutMetricAlarm&Version=2010-08-01&AlarmName=slow&Namespace=App&MetricName=Latency&Dimensions.member.1.Name=Service&Dimensions.member.1.Value=api' +
        '&Statistic=Average&Period=60&EvaluationPeriods=1&Threshold=100&ComparisonOperator=GreaterThanThreshold&ActionsEnabled=false&OKActions=',
    );
    expect(put.xml).toBe(`<PutMetricAlarmResponse xmlns="${XMLNS}"><ResponseMetadata><RequestId>ID</RequestId></ResponseMetadata></PutMetricAlarmResponse>`);
    const created = new Date(t.world.nowMs()).toISOString().replace('.000Z', 'Z');
    const described = await call('Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=slow');
    expect(described.xml).toBe(
      `<DescribeAlarmsResponse xmlns="${XMLNS}"><DescribeAlarmsResult><CompositeAlarms/><MetricAlarms><member>` +
        `<AlarmName>slow</AlarmName><AlarmArn>arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:slow</AlarmArn><AlarmConfigurationUpdatedTimestamp>${created}</AlarmConfigurationUpdatedTimestamp>` +
        '<ActionsEnabled>false</ActionsEnabled><OKActions/><AlarmActions/><InsufficientDataActions/>' +
        `<StateValue>INSUFFICIENT_DATA</StateValue><StateReason>Unchecked: Initial alarm creation</StateReason><StateUpdatedTimestamp>${created}</StateUpdatedTimestamp>` +
        '<MetricName>Latency</MetricName><Namespace>App</Namespace><Statistic>Average</Statistic><Dimensions><member><Name>Service</Name><Value>api</Value></member></Dimensions>' +
        '<Period>60</Period><EvaluationPeriods>1</EvaluationPeriods><Threshold>100.0</Threshold><ComparisonOperator>GreaterThanThreshold</ComparisonOperator>' +
        `<StateTransitionedTimestamp>${created}</StateTransitionedTimestamp></member></MetricAlarms></DescribeAlarmsResult>` +
        '<ResponseMetadata><RequestId>ID</RequestId></ResponseMetadata></DescribeAlarmsResponse>',
    );
  });

  it('answers a modelled error as an ErrorResponse with its awsQuery code, its status and its other members', async () => {
    expect(
      await call(
        'Action=GetMetricData&Version=2010-08-01&StartTime=2026-01-01T00%3A00%3A00Z&EndTime=2026-01-01T00%3A01%3A00Z&MetricDataQueries.member.1.Id=M1&MetricDataQueries.member.1.Expression=1',
      ),
    ).toEqual({
      status: 400,
      type: 'text/xml',
      xml:
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>InvalidParameterValue</Code>` +
        '<Message>The value M1 for parameter MetricDataQueries.member.1.Id is invalid. It must start with a lowercase letter and contain only letters, numbers and underscores.</Message>' +
        '</Error><RequestId>ID</RequestId></ErrorResponse>',
    });
    const missing = await call('Action=GetDashboard&Version=2010-08-01&DashboardName=none');
    expect([missing.status, missing.xml]).toEqual([
      404,
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>ResourceNotFound</Code><Message>Dashboard none does not exist</Message></Error><RequestId>ID</RequestId></ErrorResponse>`,
    ]);
    const body = encodeURIComponent(JSON.stringify({ widgets: [{ type: 'text', x: 0, y: 0, width: 30, height: 6, properties: { markdown: 'hi' } }] }));
    const invalid = await call(`Action=PutDashboard&Version=2010-08-01&DashboardName=ops&DashboardBody=${body}`);
    expect(invalid.status).toBe(400);
    expect(invalid.xml).toBe(
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>InvalidParameterInput</Code>` +
        '<Message>The dashboard body is invalid, there is 1 validation error:\n[\n  {\n    "dataPath": "/widgets/0/width",\n    "message": "Should be &lt;= 24"\n  }\n]</Message>' +
        '<dashboardValidationMessages><member><DataPath>/widgets/0/width</DataPath><Message>Should be &lt;= 24</Message></member></dashboardValidationMessages>' +
        '</Error><RequestId>ID</RequestId></ErrorResponse>',
    );
  });

  it('refuses an unknown action or version with InvalidAction and an unsigned request with MissingAuthenticationToken', async () => {
    expect(await call('Action=GetMetricWidgetImage&Version=2010-08-01')).toEqual({
      status: 400,
      type: 'text/xml',
      xml: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation GetMetricWidgetImage for version 2010-08-01</Message></Error><RequestId>ID</RequestId></ErrorResponse>`,
    });
    expect((await call('Action=ListMetrics&Version=2009-01-01')).xml).toBe(
      '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation ListMetrics for version 2009-01-01</Message></Error><RequestId>ID</RequestId></ErrorResponse>',
    );
    expect(await call('Action=ListMetrics&Version=2010-08-01', {})).toEqual({
      status: 403,
      type: 'text/xml',
      xml: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error><RequestId>ID</RequestId></ErrorResponse>`,
    });
  });
});
