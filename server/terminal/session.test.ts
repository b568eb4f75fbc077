/**
 * The relay between a browser's terminal and an API server's exec stream, against a stand-in API server that
 * speaks only v4.channel.k8s.io (as an API server before 1.30 does): what each side receives, byte for byte.
 * Channel numbers and the Status on the error channel: k8s.io/apimachinery wsstream and client-go remotecommand.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { ConsoleError } from '../errors';
import type { UpgradeTarget } from '../k8s/client';
import { runSession, type SessionOutcome } from './session';

const servers: http.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** Two WebSocket servers: the stand-in API server (v4 only, running `script` on each stream) and the browser's side of the console. */
async function relay(script: (api: WebSocket, received: Buffer[]) => void) {
  const apiServer = http.createServer();
  const api = new WebSocketServer({ server: apiServer, handleProtocols: (offered) => (offered.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false) });
  const upstreamReceived: Buffer[] = [];
  let offered = {};
  api.on('connection', (ws, req) => {
    offered = { protocols: req.headers['sec-websocket-protocol'], authorization: req.headers.authorization };
    ws.on('message', (data: Buffer) => upstreamReceived.push(data));
    script(ws, upstreamReceived);
  });
  const consoleServer = http.createServer();
  const browserSide = new WebSocketServer({ server: consoleServer });
  for (const s of [apiServer, consoleServer]) {
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    servers.push(s);
  }
  const port = (s: http.Server) => (s.address() as AddressInfo).port;
  const target: UpgradeTarget = {
    url: new URL(`ws://127.0.0.1:${port(apiServer)}/api/v1/namespaces/ns/pods/p/exec?command=sh`),
    headers: { Authorization: 'Bearer upstream-only' },
    agent: new http.Agent(),
    refused: (code, body) => new ConsoleError('Status', code, body),
    failed: (err) => new ConsoleError('ClusterUnreachable', 503, String(err)),
  };
  const outcome = new Promise<SessionOutcome>((resolve) => {
    browserSide.once('connection', (ws) => void runSession(ws, target, { idleMs: 60_000, maxPendingBytes: 1024, maxUpstreamMessageBytes: 1 << 20, connectTimeoutMs: 5000 }, () => {}).then(resolve));
  });
  const browser = new WebSocket(`ws://127.0.0.1:${port(consoleServer)}`);
  const browserReceived: (string | Buffer)[] = [];
  browser.on('message', (data: Buffer, isBinary) => browserReceived.push(isBinary ? data : data.toString('utf8')));
  const closed = new Promise<number>((resolve) => browser.on('close', (code) => resolve(code)));
  await new Promise((resolve) => browser.on('open', resolve));
  return { browser, browserReceived, upstreamReceived, outcome, closed, offered: () => offered };
}

const status = (body: object) => Buffer.concat([Buffer.of(3), Buffer.from(JSON.stringify(body))]);

describe('runSession', () => {
  it('falls back to v4, frames input and resizes for the API server, and passes output and the exit code to the browser', async () => {
    const t = await relay((api, received) => {
      api.send(Buffer.of(1));
      api.send(Buffer.concat([Buffer.of(1), Buffer.from('$ ')]));
      const wait = setInterval(() => {
        if (received.length < 2) return;
        clearInterval(wait);
        api.send(Buffer.concat([Buffer.of(2), Buffer.from('oops\r\n')]));
        api.send(
          status({
            metadata: {},
            status: 'Failure',
            message: 'command terminated with non-zero exit code: error executing command [sh], exit code 3',
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: '3' }] },
          }),
        );
      }, 10);
    });
    await new Promise((r) => setTimeout(r, 50));
    t.browser.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    t.browser.send(Buffer.from('exit 3\r'), { binary: true });
    expect(await t.closed).toBe(1000);
    expect(t.offered()).toEqual({ protocols: 'v5.channel.k8s.io,v4.channel.k8s.io', authorization: 'Bearer upstream-only' });
    expect(t.upstreamReceived.map((b) => [b[0], b.subarray(1).toString()])).toEqual([
      [4, '{"Width":120,"Height":40}'],
      [0, 'exit 3\r'],
    ]);
    // The empty first message is the kubelet's "connected" signal, not output.
    expect(t.browserReceived).toEqual(['{"type":"open","protocol":"v4.channel.k8s.io"}', Buffer.from('$ '), Buffer.from('oops\r\n'), '{"type":"exit","code":3}']);
    expect(await t.outcome).toEqual({ status: 101, message: '', exitCode: 3 });
  });

  it('passes a Status that is not an exit code as an error event, with its message and code', async () => {
    const t = await relay((api) => api.send(status({ metadata: {}, status: 'Failure', message: 'unable to upgrade connection: container not found ("app")', reason: 'InternalError', code: 500 })));
    expect(await t.closed).toBe(1000);
    expect(JSON.parse(t.browserReceived.at(-1) as string)).toEqual({
      type: 'error',
      body: {
        error: {
          kind: 'Status',
          message: 'unable to upgrade connection: container not found ("app")',
          status: { metadata: {}, status: 'Failure', message: 'unable to upgrade connection: container not found ("app")', reason: 'InternalError', code: 500 },
        },
      },
    });
    expect(await t.outcome).toEqual({ status: 101, message: 'unable to upgrade connection: container not found ("app")' });
  });

  it('ends with exit code 0 when the API server closes the stream without a Status, and never sends the browser its credentials', async () => {
    const t = await relay((api) => api.close(1000));
    expect(await t.closed).toBe(1000);
    expect(t.browserReceived).toEqual(['{"type":"open","protocol":"v4.channel.k8s.io"}', '{"type":"exit","code":0}']);
    expect(t.browserReceived.join('')).not.toContain('upstream-only');
  });

  it('closes the terminal when the browser sends a text message that is not a resize', async () => {
    const t = await relay(() => {});
    t.browser.send('{"type":"stdin","data":"ls"}');
    expect(await t.closed).toBe(1003);
    expect(await t.outcome).toEqual({ status: 101, message: '' });
  });
});
