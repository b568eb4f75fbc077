/**
 * The sandbox's CloudWatch through the AWS CLI speaking the AWS query protocol, as older CLIs
 * and SDKs do: the CLI's own CloudWatch model with its metadata set to `"protocol": "query"`,
 * found through AWS_DATA_PATH.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloudWatch, type TestCloudWatch } from '../aws/cloudwatch/testing';
import { SANDBOX_REGION } from '../aws/server';

/** botocore's CloudWatch model beside the CLI, or why there is none. */
function cliModel(): { path: string } | { missing: string } {
  try {
    const version = execFileSync('aws', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const botocore = execFileSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__), botocore.__version__)'], { encoding: 'utf8' }).trim().split(' ');
    if (!version.includes(`botocore/${botocore[1]}`)) return { missing: `python3's botocore ${botocore[1]} is not the CLI's (${version.trim()})` };
    const dir = join(botocore[0], 'data', 'cloudwatch', '2010-08-01');
    const path = [join(dir, 'service-2.json.gz'), join(dir, 'service-2.json')].find(existsSync);
    return path ? { path } : { missing: `no CloudWatch model in ${dir}` };
  } catch (e) {
    return { missing: `the AWS CLI v1 and its botocore are not installed (${(e as Error).message.split('\n')[0]})` };
  }
}

const model = cliModel();

describe.skipIf('missing' in model)(`the sandbox CloudWatch through the AWS CLI over the query protocol${'missing' in model ? ` (skipped: ${model.missing})` : ''}`, () => {
  let t: TestCloudWatch;
  let env: NodeJS.ProcessEnv;
  let dataPath: string;

  beforeAll(async () => {
    t = await startTestCloudWatch();
    const raw = readFileSync((model as { path: string }).path);
    const service = JSON.parse((raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8')) as { metadata: Record<string, unknown> };
    service.metadata.protocol = 'query';
    service.metadata.protocols = ['query'];
    dataPath = mkdtempSync(join(tmpdir(), 'aws-query-model-'));
    mkdirSync(join(dataPath, 'cloudwatch', '2010-08-01'), { recursive: true });
    writeFileSync(join(dataPath, 'cloudwatch', '2010-08-01', 'service-2.json'), JSON.stringify(service));
    env = {
      NODE_ENV: 'test',
      PATH: process.env.PATH,
      HOME: dataPath,
      AWS_DATA_PATH: dataPath,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: 'AKIATEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_DEFAULT_REGION: SANDBOX_REGION,
      AWS_ENDPOINT_URL: t.url,
      AWS_PAGER: '',
    };
    // The world publishes Container Insights for its (empty) cluster once a minute.
    t.world.advance(60_000);
  });
  afterAll(async () => {
    await t.close();
    if (dataPath) rmSync(dataPath, { recursive: true, force: true });
  });

  const aws = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('aws', ['cloudwatch', ...args], { env, timeout: 30_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });

  it('puts metric data, then lists it, in form parameters and XML, beside the Container Insights metrics the empty cluster published', async () => {
    const dims = [{ Name: 'Service', Value: 'api' }];
    const data = [
      { MetricName: 'Latency', Dimensions: dims, Timestamp: '2026-01-01T00:00:10Z', Value: 10 },
      { MetricName: 'Latency', Dimensions: dims, Timestamp: '2026-01-01T00:00:40Z', Value: 30 },
      { MetricName: 'Latency', Dimensions: dims, Timestamp: '2026-01-01T00:01:05Z', Values: [5, 7], Counts: [1, 2] },
    ];
    expect(await aws('put-metric-data', '--namespace', 'App', '--metric-data', JSON.stringify(data))).toEqual({ code: 0, stdout: '', stderr: '' });
    const app = await aws('list-metrics', '--namespace', 'App', '--dimensions', 'Name=Service', '--debug');
    expect(JSON.parse(app.stdout)).toEqual({ Metrics: [{ Namespace: 'App', MetricName: 'Latency', Dimensions: dims }] });
    // botocore's debug log shows the request it built and the response it parsed.
    expect(app.stderr).toContain("'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'");
    expect(app.stderr).toContain("'body': {'Action': 'ListMetrics', 'Version': '2010-08-01', 'Namespace': 'App', 'Dimensions.member.1.Name': 'Service'}");
    expect(app.stderr).toContain(`b'<ListMetricsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ListMetricsResult><Metrics><member>`);
    // An empty cluster: no nodes, no failed nodes, no running pods, so only the two cluster-wide counts.
    const insights = await aws('list-metrics', '--namespace', 'ContainerInsights');
    expect(JSON.parse(insights.stdout)).toEqual({
      Metrics: [
        { Namespace: 'ContainerInsights', MetricName: 'cluster_failed_node_count', Dimensions: [{ Name: 'ClusterName', Value: 'test-cluster' }] },
        { Namespace: 'ContainerInsights', MetricName: 'cluster_node_count', Dimensions: [{ Name: 'ClusterName', Value: 'test-cluster' }] },
      ],
    });
  });

  it('gets metric data with statistics per period and metric math', async () => {
    const metric = { Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'Service', Value: 'api' }] };
    const queries = [
      { Id: 'avg', MetricStat: { Metric: metric, Period: 60, Stat: 'Average' } },
      { Id: 'n', MetricStat: { Metric: metric, Period: 60, Stat: 'SampleCount' }, ReturnData: false },
      { Id: 'total', Expression: 'avg * n', Label: 'sum' },
    ];
    const out = await aws(
      'get-metric-data',
      '--start-time',
      '2026-01-01T00:00:00Z',
      '--end-time',
      '2026-01-01T00:02:00Z',
      '--scan-by',
      'TimestampAscending',
      '--metric-data-queries',
      JSON.stringify(queries),
    );
    expect(out.code).toBe(0);
    // Minute 0: 10 and 30; minute 1: 5 once and 7 twice.
    expect(JSON.parse(out.stdout)).toEqual({
      MetricDataResults: [
        { Id: 'avg', Label: 'Latency', Timestamps: ['2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z'], Values: [20, 19 / 3], StatusCode: 'Complete' },
        { Id: 'total', Label: 'sum', Timestamps: ['2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z'], Values: [40, 19], StatusCode: 'Complete' },
      ],
      Messages: [],
    });
  });

  it('reports a refused request with its awsQuery code and message', async () => {
    const out = await aws('get-metric-data', '--start-time', '2026-01-01T00:00:00Z', '--end-time', '2026-01-01T00:01:00Z', '--metric-data-queries', '[{"Id":"M1","Expression":"1"}]');
    expect([out.code, out.stdout, out.stderr.trim()]).toEqual([
      255,
      '',
      'An error occurred (InvalidParameterValue) when calling the GetMetricData operation: The value M1 for parameter MetricDataQueries.member.1.Id is invalid. It must start with a lowercase letter and contain only letters, numbers and underscores.',
    ]);
  });
});
