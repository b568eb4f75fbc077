import http from 'node:http';
import type net from 'node:net';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../config';
import { cloudWatchClient, logsClient } from './clients';

/** Counts connections; answers every call with an empty result as CloudWatch Logs (awsJson1_1) or CloudWatch (query protocol) would. */
const connections: number[] = [];
const endpoint = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const json = String(req.headers['content-type']).startsWith('application/x-amz-json');
    connections.push((req.socket as net.Socket & { n: number }).n);
    res.writeHead(200, { 'Content-Type': json ? 'application/x-amz-json-1.1' : 'text/xml', 'x-amzn-RequestId': 'req-1' });
    res.end(json ? '{"logGroups":[]}' : '<DescribeAlarmsResponse><DescribeAlarmsResult><MetricAlarms/><CompositeAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>');
  });
});
let accepted = 0;
endpoint.on('connection', (socket: net.Socket & { n: number }) => (socket.n = ++accepted));
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ACCESS_KEY_ID = 'AKIATESTWATCHDECK';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-access-key';
  const port = (endpoint.address() as net.AddressInfo).port;
  setConfig({
    authMode: 'kubeconfig',
    kubeconfigPaths: [],
    sessionSecret: 'test-session-secret-that-is-long-enough',
    namespaces: [],
    dataDir: '/nonexistent',
    port: 0,
    aws: { region: 'ap-northeast-2', endpoint: `http://127.0.0.1:${port}` },
  });
});

afterAll(async () => {
  logsClient().destroy();
  cloudWatchClient().destroy();
  setConfig(undefined);
  process.env.AWS_ACCESS_KEY_ID = saved.id;
  process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  endpoint.closeAllConnections();
  await new Promise((resolve) => endpoint.close(resolve));
});

describe('AWS clients', () => {
  it('are made once for the region and credential source, and consecutive calls ride one kept-alive connection', async () => {
    expect(logsClient()).toBe(logsClient());
    await logsClient().send(new DescribeLogGroupsCommand({}));
    await logsClient().send(new DescribeLogGroupsCommand({}));
    await logsClient().send(new DescribeLogGroupsCommand({}));
    expect(connections).toEqual([1, 1, 1]);
    // CloudWatch is another client with its own kept connection.
    await cloudWatchClient().send(new DescribeAlarmsCommand({}));
    await cloudWatchClient().send(new DescribeAlarmsCommand({}));
    expect(connections).toEqual([1, 1, 1, 2, 2]);
  });
});
