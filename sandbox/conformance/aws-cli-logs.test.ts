/**
 * The sandbox's CloudWatch Logs Insights through the AWS CLI, a client nobody here wrote: its StartQuery
 * refuses a command after dedup other than limit as AWS does, a query's results read through
 * the CLI are the ones the SDK reads, and a result of over 10,000 rows comes 10,000 an answer with
 * nextToken, as GetQueryResults' reference says.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_COUNT_QUERY } from '@/lib/logs-insights/seed-queries';
import { clients, needing } from '../../test/clients';
import { startSandbox, type Sandbox } from '../index';

const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
const cli = clients.awsCli();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
type Row = { field?: string; value?: string }[];

describe.skipIf(!cli.command)(needing(cli, 'the sandbox CloudWatch Logs Insights through the AWS CLI'), () => {
  let sandbox: Sandbox;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let range: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ mode: 'manual', seed: 7, insecure: true });
    sandbox.world.advance(15 * 60_000);
    home = mkdtempSync(join(tmpdir(), 'aws-cli-logs-'));
    env = {
      NODE_ENV: 'test',
      PATH: process.env.PATH,
      HOME: home,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: 'AKIATEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_DEFAULT_REGION: sandbox.aws.region,
      AWS_ENDPOINT_URL: sandbox.aws.url,
      AWS_PAGER: '',
    };
    const now = Math.floor(sandbox.world.nowMs() / 1000);
    range = ['--start-time', String(now - 3600), '--end-time', String(now)];
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const aws = (...args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(cli.command!, ['logs', ...args], { env, timeout: 60_000, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });

  /** A service error exits 255 in CLI v1 and 254 in v2 (the CLI's return-codes topic); both print "An error occurred (<code>) when calling the <operation> operation: <message>". */
  const serviceErrorCode = async () => {
    const version = await aws('--version');
    return /aws-cli\/(\d+)/.exec(version.stdout + version.stderr)?.[1] === '1' ? 255 : 254;
  };

  it("refuses 'sort' after 'dedup' with AWS's MalformedQueryException, as the CLI prints it", async () => {
    const r = await aws('start-query', '--log-group-name', APPLICATION, ...range, '--query-string', 'fields log | dedup log | sort log');
    expect(r.code).toBe(await serviceErrorCode());
    expect(r.stderr.trim()).toBe("An error occurred (MalformedQueryException) when calling the StartQuery operation: Unexpected command 'sort': only limit can follow dedup");
    expect(r.stdout).toBe('');
  });

  it('accepts limit after dedup', async () => {
    const r = await aws('start-query', '--log-group-name', APPLICATION, ...range, '--query-string', 'fields log | dedup log | limit 5');
    expect(r.stderr).toBe('');
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(['queryId']);
  });

  it("reads the seed's ERROR_COUNT query results through the CLI exactly as the SDK reads them", async () => {
    const started = await aws('start-query', '--log-group-name', APPLICATION, ...range, '--query-string', ERROR_COUNT_QUERY);
    const { queryId } = JSON.parse(started.stdout) as { queryId: string };
    let answer: { status: string; results: Row[] } = { status: 'Scheduled', results: [] };
    for (let i = 0; i < 60 && (answer.status === 'Scheduled' || answer.status === 'Running'); i++) {
      answer = JSON.parse((await aws('get-query-results', '--query-id', queryId)).stdout) as typeof answer;
    }
    expect(answer.status).toBe('Complete');

    const sdk = new CloudWatchLogsClient({ region: sandbox.aws.region, endpoint: sandbox.aws.url, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' } });
    const now = Math.floor(sandbox.world.nowMs() / 1000);
    const second = await sdk.send(new StartQueryCommand({ logGroupName: APPLICATION, startTime: now - 3600, endTime: now, queryString: ERROR_COUNT_QUERY }));
    let expected = await sdk.send(new GetQueryResultsCommand({ queryId: second.queryId }));
    while (expected.status === 'Scheduled' || expected.status === 'Running') expected = await sdk.send(new GetQueryResultsCommand({ queryId: second.queryId }));
    sdk.destroy();
    const rows = (results: Row[] | undefined) => (results ?? []).map((row) => row.map(({ field, value }) => [field, value]));
    // Seed 7 after 15 simulated minutes: backend-app logged 440 ERROR lines (sandbox/aws/logs/service.test.ts counts them from the shipped events).
    expect(rows(answer.results)).toEqual([
      [
        ['APP', 'backend-app'],
        ['ERROR_COUNT', '440'],
      ],
    ]);
    expect(rows(answer.results)).toEqual(rows(expected.results));
  }, 120_000);

  it('gives a 12,345-row result 10,000 rows an answer, the rest with --next-token, and --max-items at most 10,000', async () => {
    // A group of its own, so the other tests' counts do not change: one pod's access lines, a second apart, numbered.
    const group = '/aws/containerinsights/eks-work-cluster/paging';
    const first = sandbox.world.nowMs() - 30 * 60_000;
    const events = Array.from({ length: 12_345 }, (_, i) => ({ timestamp: first + i * 100, message: `GET /api/orders/${i} 200` }));
    sandbox.logs.service.store.put(group, 'backend-app-7c9f8d0b6-x0q2w', events);
    const started = await aws('start-query', '--log-group-name', group, ...range, '--query-string', 'fields @message | sort @timestamp asc | limit 20000');
    const { queryId } = JSON.parse(started.stdout) as { queryId: string };
    type Answer = { status: string; results: Row[]; nextToken?: string };
    let answer: Answer = { status: 'Scheduled', results: [] };
    for (let i = 0; i < 60 && (answer.status === 'Scheduled' || answer.status === 'Running'); i++) {
      answer = JSON.parse((await aws('get-query-results', '--query-id', queryId)).stdout) as Answer;
    }
    const message = (row: Row) => row.find((f) => f.field === '@message')?.value;
    expect([answer.status, answer.results.length, message(answer.results[0]), message(answer.results[9_999]), typeof answer.nextToken]).toEqual([
      'Complete',
      10_000,
      'GET /api/orders/0 200',
      'GET /api/orders/9999 200',
      'string',
    ]);
    const rest = JSON.parse((await aws('get-query-results', '--query-id', queryId, '--next-token', answer.nextToken!)).stdout) as Answer;
    expect([rest.results.length, message(rest.results[0]), message(rest.results[2_344]), rest.nextToken]).toEqual([2_345, 'GET /api/orders/10000 200', 'GET /api/orders/12344 200', undefined]);

    const three = JSON.parse((await aws('get-query-results', '--query-id', queryId, '--max-items', '3')).stdout) as Answer;
    expect(three.results.map(message)).toEqual(['GET /api/orders/0 200', 'GET /api/orders/1 200', 'GET /api/orders/2 200']);
    const after = JSON.parse((await aws('get-query-results', '--query-id', queryId, '--max-items', '2', '--next-token', three.nextToken!)).stdout) as Answer;
    expect(after.results.map(message)).toEqual(['GET /api/orders/3 200', 'GET /api/orders/4 200']);

    const code = await serviceErrorCode();
    const tooMany = await aws('get-query-results', '--query-id', queryId, '--max-items', '10001');
    expect([tooMany.code, tooMany.stderr.trim()]).toEqual([
      code,
      "An error occurred (InvalidParameterException) when calling the GetQueryResults operation: 1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000",
    ]);
    const badToken = await aws('get-query-results', '--query-id', queryId, '--next-token', 'not-a-token');
    expect([badToken.code, badToken.stderr.trim()]).toEqual([code, 'An error occurred (InvalidParameterException) when calling the GetQueryResults operation: The specified nextToken is invalid.']);
  }, 120_000);
});
