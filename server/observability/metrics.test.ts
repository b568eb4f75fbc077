import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, DeleteLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../config';
import { dashboardRoute } from '../dashboards/http';
import { consoleErrors } from '../errors';
import { jsonRoute, streamRoute } from '../http';
import { kubeClient } from '../k8s/client';
import { kubeconfigYaml } from '../testing/setup';
import { metricSample } from '../testing/metric-sample';
import { asRoute } from '../testing/next-route';
import { countAwsRequests } from './aws-metrics';
import { consoleMetrics } from './metrics';

async function listen(server: net.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

describe('console API request metrics', () => {
  it('counts each request under the route pattern Next.js matched, never the raw path, with its method and status', async () => {
    const route = '/api/v1/clusters/[cluster]/namespaces/[namespace]/pods/[name]';
    const handler = jsonRoute(async (request) => {
      if (new URL(request.url).pathname.endsWith('/missing')) throw consoleErrors.notFound('pods "missing" not found');
      return { ok: true };
    });
    const call = (name: string) => asRoute(route, () => handler(new Request(`http://console.test/api/v1/clusters/eks-work/namespaces/default/pods/${name}`), undefined));
    expect((await call('web-1')).status).toBe(200);
    expect((await call('web-2')).status).toBe(200);
    expect((await call('missing')).status).toBe(404);
    expect(await metricSample('watchdeck_http_requests_total', { route, method: 'GET', status: '200' })).toBe(2);
    expect(await metricSample('watchdeck_http_requests_total', { route, method: 'GET', status: '404' })).toBe(1);
    expect(await metricSample('watchdeck_http_request_duration_seconds_count', { route, method: 'GET' })).toBe(3);
    const text = await consoleMetrics().registry.metrics();
    expect(text).not.toContain('web-1');
    expect(text).not.toContain('/pods/missing');
  });

  it('counts streamed and dashboard routes too, and a request outside a matched route as "unmatched"', async () => {
    const stream = streamRoute(async () => new Response('lines', { status: 200 }));
    await asRoute('/api/v1/clusters/[cluster]/pods/stream', () => stream(new Request('http://console.test/api/v1/clusters/a/pods/stream'), undefined));
    const dashboards = dashboardRoute(async () => ({ body: { id: 'd1' }, status: 201, version: 1 }));
    await asRoute('/api/v1/dashboards', () => dashboards(new Request('http://console.test/api/v1/dashboards', { method: 'POST' }), undefined));
    await jsonRoute(async () => ({}))(new Request('http://console.test/api/v1/healthz', { method: 'DELETE' }), undefined);
    expect(await metricSample('watchdeck_http_requests_total', { route: '/api/v1/clusters/[cluster]/pods/stream', method: 'GET', status: '200' })).toBe(1);
    expect(await metricSample('watchdeck_http_requests_total', { route: '/api/v1/dashboards', method: 'POST', status: '201' })).toBe(1);
    expect(await metricSample('watchdeck_http_requests_total', { route: 'unmatched', method: 'DELETE', status: '200' })).toBe(1);
  });
});

describe('API server request metrics', () => {
  let server: http.Server;
  let dir: string;

  beforeAll(async () => {
    // Answers like an API server: a list, a named object, a watch (head first, body later), 404 for the rest.
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/api/v1/namespaces/default/pods' && url.searchParams.get('watch') === 'true') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"type":"ADDED","object":{}}\n');
        return;
      }
      if (url.pathname === '/api/v1/namespaces/default/pods') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"items":[]}');
      if (url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') return void res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"status":{"allowed":true}}');
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' }));
    });
    const url = await listen(server);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-metrics-'));
    fs.writeFileSync(
      path.join(dir, 'kubeconfig'),
      kubeconfigYaml({
        clusters: [
          { name: 'metrics-a', server: url },
          { name: 'metrics-down', server: 'http://127.0.0.1:1' },
        ],
        users: [{ name: 'u', user: { token: 'context-token' } }],
        contexts: [
          { name: 'metrics-a', cluster: 'metrics-a', user: 'u' },
          { name: 'metrics-down', cluster: 'metrics-down', user: 'u' },
        ],
      }),
    );
    setConfig({ authMode: 'kubeconfig', kubeconfigPaths: [path.join(dir, 'kubeconfig')], sessionSecret: 'x'.repeat(32), namespaces: [], dataDir: dir, port: 3000 });
  });

  afterAll(async () => {
    setConfig(undefined);
    await new Promise((r) => server.close(r));
    server.closeAllConnections();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts each call by cluster, RBAC verb, resource (with its subresource) and status, "error" when nothing answered', async () => {
    const client = kubeClient({ mode: 'kubeconfig' }, 'metrics-a');
    const pods = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
    await client.get(pods);
    await client.get(pods, { limit: 10 });
    await expect(client.get({ ...pods, name: 'web-1' })).rejects.toThrow('not found');
    await expect(client.stream({ ...pods, name: 'web-1', subresource: 'log' })).rejects.toThrow('not found');
    await client.create({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' }, {});
    await expect(kubeClient({ mode: 'kubeconfig' }, 'metrics-down').version()).rejects.toThrow();
    const sample = (labels: Record<string, string>) => metricSample('watchdeck_kube_requests_total', labels);
    expect(await sample({ cluster: 'metrics-a', verb: 'list', resource: 'pods', code: '200' })).toBe(2);
    expect(await sample({ cluster: 'metrics-a', verb: 'get', resource: 'pods', code: '404' })).toBe(1);
    expect(await sample({ cluster: 'metrics-a', verb: 'get', resource: 'pods/log', code: '404' })).toBe(1);
    expect(await sample({ cluster: 'metrics-a', verb: 'create', resource: 'selfsubjectaccessreviews', code: '201' })).toBe(1);
    expect(await sample({ cluster: 'metrics-down', verb: 'get', resource: 'version', code: 'error' })).toBe(1);
    expect(await metricSample('watchdeck_kube_request_duration_seconds_count', { cluster: 'metrics-a', verb: 'list', resource: 'pods' })).toBe(2);
  });

  it('counts a watch once, when its response starts, however long it then stays open', async () => {
    const client = kubeClient({ mode: 'kubeconfig' }, 'metrics-a');
    const watch = await client.stream({ group: '', version: 'v1', resource: 'pods', namespace: 'default' }, { watch: true });
    expect(await metricSample('watchdeck_kube_requests_total', { cluster: 'metrics-a', verb: 'watch', resource: 'pods', code: '200' })).toBe(1);
    expect(await metricSample('watchdeck_kube_request_duration_seconds_count', { cluster: 'metrics-a', verb: 'watch', resource: 'pods' })).toBe(1);
    watch.close();
  });
});

describe('AWS request metrics', () => {
  let server: http.Server;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    // The JSON protocol of CloudWatch Logs: one group listed, any other operation refused as AWS refuses an unknown group.
    server = http.createServer((req, res) => {
      const target = String(req.headers['x-amz-target']);
      req.resume();
      req.on('end', () => {
        if (target === 'Logs_20140328.DescribeLogGroups') {
          res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' }).end('{"logGroups":[{"logGroupName":"/aws/eks/a"}]}');
        } else {
          res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1' }).end('{"__type":"ResourceNotFoundException","message":"The specified log group does not exist."}');
        }
      });
    });
    const endpoint = await listen(server);
    client = new CloudWatchLogsClient({ region: 'ap-northeast-2', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    countAwsRequests(client.middlewareStack, 'MetricsTestLogs');
  });

  afterAll(async () => {
    client.destroy();
    await new Promise((r) => server.close(r));
  });

  it("counts each operation by service, operation and AWS's HTTP status", async () => {
    await client.send(new DescribeLogGroupsCommand({}));
    await client.send(new DescribeLogGroupsCommand({}));
    await expect(client.send(new DeleteLogGroupCommand({ logGroupName: '/aws/eks/b' }))).rejects.toThrow('The specified log group does not exist.');
    expect(await metricSample('watchdeck_aws_requests_total', { service: 'MetricsTestLogs', operation: 'DescribeLogGroups', code: '200' })).toBe(2);
    expect(await metricSample('watchdeck_aws_requests_total', { service: 'MetricsTestLogs', operation: 'DeleteLogGroup', code: '400' })).toBe(1);
    expect(await metricSample('watchdeck_aws_request_duration_seconds_count', { service: 'MetricsTestLogs', operation: 'DescribeLogGroups' })).toBe(2);
  });
});
