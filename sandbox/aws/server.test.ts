import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError, createAwsServer, SANDBOX_REGION, type AwsCall, type AwsServer } from './server';

describe('the sandbox AWS endpoint', () => {
  let server: AwsServer;
  let url: string;
  const calls: AwsCall[] = [];
  beforeAll(async () => {
    server = createAwsServer([
      {
        targetPrefix: 'Logs_20140328',
        jsonVersion: '1.1',
        handle(call) {
          calls.push(call);
          if (call.input.logGroupNamePrefix === 'missing') throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
          return { logGroups: [{ logGroupName: `${call.input.logGroupNamePrefix}/application` }] };
        },
      },
    ]);
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(() => server.close());

  const client = () => new CloudWatchLogsClient({ region: SANDBOX_REGION, endpoint: url, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' } });

  it('routes an SDK call by X-Amz-Target with its input, access key and region', async () => {
    const out = await client().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/containerinsights/eks-work-cluster' }));
    expect(out.logGroups).toEqual([{ logGroupName: '/aws/containerinsights/eks-work-cluster/application' }]);
    expect(calls.at(-1)).toMatchObject({ operation: 'DescribeLogGroups', accessKeyId: 'AKIATEST', region: SANDBOX_REGION });
  });

  it('answers a modelled error with its name, which the SDK raises as that exception', async () => {
    const error = await client()
      .send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'missing' }))
      .catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: 'The specified log group does not exist.', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses an unsigned call and an unknown target', async () => {
    const unsigned = await fetch(url, { method: 'POST', headers: { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }, body: '{}' });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    const unknown = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'Nope_2020.Do', authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20261123/ap-northeast-2/logs/aws4_request, SignedHeaders=host, Signature=00' },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });
});
