import {
  CloudWatchLogsClient,
  DeleteQueryDefinitionCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeMetricFiltersCommand,
  DescribeQueryDefinitionsCommand,
  GetLogRecordCommand,
  GetQueryResultsCommand,
  PutQueryDefinitionCommand,
  StartQueryCommand,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_COUNT_QUERY, ERROR_COUNT_QUERY } from '@/lib/logs-insights/seed-queries';
import { startSandbox, type Sandbox } from '../../index';
import { failure } from './testing';

const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';

let sandbox: Sandbox;
let client: CloudWatchLogsClient;

beforeAll(async () => {
  sandbox = await startSandbox({ mode: 'manual', seed: 7, insecure: true });
  sandbox.world.advance(15 * 60_000);
  client = new CloudWatchLogsClient({ region: sandbox.aws.region, endpoint: sandbox.aws.url, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' } });
}, 60_000);

afterAll(() => sandbox?.close());

/** Every shipped application event, parsed: the oracle the queries are checked against. */
function applicationEvents(): { log: string; container: string; timestamp: number }[] {
  const group = sandbox.logs.service.store.group(APPLICATION)!;
  return [...group.streams.values()].flatMap((s) =>
    s.messages.map((m, i) => {
      const e = JSON.parse(m) as { log: string; kubernetes: { container_name: string } };
      return { log: e.log, container: e.kubernetes.container_name, timestamp: s.timestamps[i] };
    }),
  );
}

async function untilDone(queryId: string): Promise<GetQueryResultsCommandOutput> {
  for (let i = 0; i < 2000; i++) {
    const r = await client.send(new GetQueryResultsCommand({ queryId }));
    if (r.status !== 'Scheduled' && r.status !== 'Running') return r;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('query did not finish');
}

const lastHour = () => {
  const now = Math.floor(sandbox.world.nowMs() / 1000);
  return { startTime: now - 3600, endTime: now };
};

describe('the sandbox CloudWatch Logs endpoint', () => {
  it('lists the four Container Insights log groups of the cluster', async () => {
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/containerinsights/eks-work-cluster/' }));
    expect(out.logGroups?.map((g) => [g.logGroupName, g.metricFilterCount, g.logGroupArn])).toEqual(
      ['application', 'dataplane', 'host', 'performance'].map((n) => [
        `/aws/containerinsights/eks-work-cluster/${n}`,
        n === 'application' ? 1 : 0,
        `arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/containerinsights/eks-work-cluster/${n}`,
      ]),
    );
  });

  it('pages log groups with nextToken', async () => {
    const first = await client.send(new DescribeLogGroupsCommand({ limit: 3 }));
    expect(first.logGroups?.length).toBe(3);
    const second = await client.send(new DescribeLogGroupsCommand({ limit: 3, nextToken: first.nextToken }));
    expect(second.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/containerinsights/eks-work-cluster/performance']);
    expect(second.nextToken).toBeUndefined();
  });

  it('names application streams host-application.var.log.containers.<pod>_<namespace>_<container>-<containerId>.log', async () => {
    const out = await client.send(new DescribeLogStreamsCommand({ logGroupName: APPLICATION, logStreamNamePrefix: 'ip-' }));
    const pod = sandbox.world.store.list('pods', 'eks-work').find((p) => p.metadata.name.startsWith('backend-app-'))!;
    const id = (pod.status!.containerStatuses as { containerID: string }[])[0].containerID.replace('containerd://', '');
    const name = `${pod.spec!.nodeName}-application.var.log.containers.${pod.metadata.name}_eks-work_backend-app-${id}.log`;
    expect(out.logStreams?.map((s) => s.logStreamName)).toContain(name);
  });

  it('runs the seeds ERROR_COUNT query unchanged and counts what the shipped logs hold', async () => {
    const { queryId } = await client.send(new StartQueryCommand({ logGroupName: APPLICATION, ...lastHour(), queryString: ERROR_COUNT_QUERY }));
    const r = await untilDone(queryId!);
    const counts = new Map<string, number>();
    const events = applicationEvents();
    for (const e of events) if (!e.log.startsWith('[') && (e.log.includes('WARN') || e.log.includes('error'))) counts.set(e.container, (counts.get(e.container) ?? 0) + 1);
    expect(r.status).toBe('Complete');
    expect(r.results?.map((row) => Object.fromEntries(row.map((f) => [f.field, f.value])))).toEqual([...counts].map(([APP, n]) => ({ APP, ERROR_COUNT: String(n) })));
    expect(r.statistics).toMatchObject({ recordsScanned: events.length, recordsMatched: [...counts.values()].reduce((a, b) => a + b, 0) });
    // What seed 7's 15 simulated minutes ship: only backend-app writes WARN or error lines.
    expect([...counts]).toEqual([['backend-app', 440]]);
  });

  it('runs the seeds ACCESS_COUNT query unchanged', async () => {
    const { queryId } = await client.send(new StartQueryCommand({ logGroupName: APPLICATION, ...lastHour(), queryString: ACCESS_COUNT_QUERY }));
    const r = await untilDone(queryId!);
    const expected = applicationEvents().filter(
      (e) => e.container === 'backend-app' && !e.log.startsWith('[') && (/Health GET API called./.test(e.log) || / \nREGION GET ALL API/.test(e.log) || /LOCATION LIST BY REGION ID API/.test(e.log)),
    ).length;
    // backend-app's access lines in seed 7's 15 simulated minutes.
    expect(expected).toBe(2121);
    expect(r.results).toEqual([[{ field: 'ACCESS_COUNT', value: String(expected) }]]);
  });

  it('answers a query that does not compile with MalformedQueryException and its location', async () => {
    const error = await failure(client.send(new StartQueryCommand({ logGroupName: APPLICATION, ...lastHour(), queryString: 'fields @message\n| stats count(*) by' })));
    expect(error.name).toBe('MalformedQueryException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.queryCompileError).toEqual({ location: { startCharOffset: 35, endCharOffset: 35 }, message: 'Expected an expression but found end of query' });
  });

  it('refuses a command other than limit after dedup with MalformedQueryException at that command', async () => {
    // 'fields log | dedup log | ' is 25 characters: 'sort' spans 25 to 29.
    const error = await failure(client.send(new StartQueryCommand({ logGroupName: APPLICATION, ...lastHour(), queryString: 'fields log | dedup log | sort log' })));
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(['MalformedQueryException', "Unexpected command 'sort': only limit can follow dedup", 400]);
    expect(error.queryCompileError).toEqual({ location: { startCharOffset: 25, endCharOffset: 29 }, message: "Unexpected command 'sort': only limit can follow dedup" });
  });

  it('answers an unknown log group with ResourceNotFoundException', async () => {
    const error = await failure(client.send(new StartQueryCommand({ logGroupName: '/nope', ...lastHour(), queryString: 'fields @message' })));
    expect([error.name, error.message]).toEqual(['ResourceNotFoundException', "Log group '/nope' does not exist for account ID '123456789012'"]);
  });

  it('returns the full record behind a @ptr with GetLogRecord', async () => {
    const { queryId } = await client.send(new StartQueryCommand({ logGroupName: APPLICATION, ...lastHour(), queryString: 'fields @timestamp, log | limit 1' }));
    const r = await untilDone(queryId!);
    const row = Object.fromEntries(r.results![0].map((f) => [f.field, f.value!]));
    const record = await client.send(new GetLogRecordCommand({ logRecordPointer: row['@ptr'] }));
    const message = JSON.parse(record.logRecord!['@message']) as { log: string; kubernetes: { pod_name: string } };
    expect(message.log).toBe(row.log);
    expect(record.logRecord!.log).toBe(row.log);
    expect(record.logRecord!['kubernetes.pod_name']).toBe(message.kubernetes.pod_name);
    expect(record.logRecord!['@log']).toBe(`123456789012:${APPLICATION}`);
    expect(new Date(Number(record.logRecord!['@timestamp'])).toISOString().replace('T', ' ').slice(0, 23)).toBe(row['@timestamp']);
  });

  it('saves, lists and deletes query definitions', async () => {
    const { queryDefinitionId } = await client.send(new PutQueryDefinitionCommand({ name: 'eks-work/ERROR_COUNT', queryString: ERROR_COUNT_QUERY, logGroupNames: [APPLICATION] }));
    await client.send(new PutQueryDefinitionCommand({ name: 'eks-work/ACCESS_COUNT', queryString: ACCESS_COUNT_QUERY }));
    const listed = await client.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'eks-work/' }));
    expect(listed.queryDefinitions?.map((d) => [d.name, d.logGroupNames])).toEqual([
      ['eks-work/ACCESS_COUNT', []],
      ['eks-work/ERROR_COUNT', [APPLICATION]],
    ]);
    expect((await client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId }))).success).toBe(true);
    const error = await failure(client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId })));
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('has the operations notes metric filter on ERROR in the application group', async () => {
    const out = await client.send(new DescribeMetricFiltersCommand({ logGroupName: APPLICATION }));
    expect(out.metricFilters?.map((f) => [f.filterName, f.filterPattern, f.metricTransformations])).toEqual([
      ['application-ERROR', 'ERROR', [{ metricName: 'ApplicationErrorCount', metricNamespace: 'EKS/eks-work-cluster', metricValue: '1', defaultValue: 0 }]],
    ]);
  });

  it('ships the kubelet journal, the nodes syslog and Container Insights performance events per node', () => {
    const store = sandbox.logs.service.store;
    const base = '/aws/containerinsights/eks-work-cluster';
    const node = sandbox.world.store.list('nodes')[0];
    const host = node.metadata.name;
    const messages = (group: string, stream: string) =>
      store
        .group(`${base}/${group}`)!
        .streams.get(stream)
        ?.messages.map((m) => JSON.parse(m) as Record<string, unknown>) ?? [];
    const kubelet = messages('dataplane', `${host}-dataplane.systemd.kubelet.service`);
    // Seed 7's kubelet SyncLoop lines for this node in 15 simulated minutes.
    expect(kubelet.length).toBe(4);
    expect(kubelet.every((e) => e._SYSTEMD_UNIT === 'kubelet.service' && e._HOSTNAME === host && /^I\d{4} [\d:.]+ +2917 kubelet\.go:\d+\] "SyncLoop/.test(String(e.MESSAGE)))).toBe(true);
    const syslog = messages('host', `${host}.host.messages`);
    expect(syslog.map((e) => e.ident)).toEqual(['dhclient', 'chronyd', 'systemd', 'ec2net', 'dhclient', 'chronyd', 'systemd', 'ec2net', 'dhclient', 'chronyd', 'systemd', 'ec2net']);
    const performance = messages('performance', host);
    const nodes = performance.filter((e) => e.Type === 'Node');
    // One Node event a minute for 15 minutes.
    expect(nodes.length).toBe(15);
    expect(nodes[0]).toMatchObject({ ClusterName: 'eks-work-cluster', NodeName: host, InstanceId: String(node.spec!.providerID).split('/').pop() });
    expect((nodes[0]._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0].Namespace).toBe('ContainerInsights');
    const pods = performance.filter((e) => e.Type === 'Pod');
    // One Pod event a minute for each of the node's two pods (the aws-node and kube-proxy DaemonSets' pods, named by seed 7).
    expect(pods.length).toBe(30);
    expect([...new Set(pods.map((e) => (e.kubernetes as { pod_name: string }).pod_name))].sort()).toEqual(['aws-node-9k9w4', 'kube-proxy-z8rjt']);
    expect(pods.every((e) => (e.kubernetes as { host: string }).host === host && typeof e.pod_cpu_utilization === 'number')).toBe(true);
  });
});
