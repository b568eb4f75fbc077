/**
 * pods/portforward driven byte by byte over a plain SPDY/3.1 upgrade, as kubectl's fallback dials it,
 * for what kubectl itself never sends: streams without the kubelet's headers, bytes that are not HTTP,
 * oversized frames, a pod deleted under the connection, refusals before the upgrade. The expected
 * refusals are the kubelet's (pkg/kubelet/cri/streaming/portforward/httpstream.go) and the API
 * server's (pkg/registry/core/pod/strategy.go, the RBAC Forbidden).
 */
import net from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index';
import { encodeControlFrame, encodeDataFrame, FLAG_FIN, FrameReader, FrameType, HeaderCompressor, type Frame, type HeaderList } from './spdy';
import { refusedPortMessage } from './portforward';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ mode: 'manual', seed: 7, insecure: true, scenario: 'default' });
  sandbox.world.advance(60_000);
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
});

function backendAppPod(): string {
  return sandbox.world.store.list('pods', 'eks-work').find((p) => p.metadata.name.startsWith('backend-app-') && !p.metadata.name.includes('canary'))!.metadata.name;
}

const token = (name: string) => sandbox.users.find((u) => u.username === name)!.token;

/** The HTTP answer to a request that asks to upgrade, and the socket, left open when it switched protocols. */
function upgradeRequest(path: string, headers: Record<string, string>, method = 'POST'): Promise<{ head: string; rest: Buffer; socket: net.Socket }> {
  const { port } = new URL(sandbox.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Length: 0', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString();
      if (!head.startsWith('HTTP/1.1 101')) {
        // A refusal: the whole answer, up to the server's close.
        socket.on('end', () => resolve({ head, rest: buffered.subarray(end + 4), socket }));
        return;
      }
      socket.off('data', onData);
      resolve({ head, rest: buffered.subarray(end + 4), socket });
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

const SPDY_HEADERS = { Authorization: '', Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io' };

/** A SPDY client on an upgraded connection, writing what spdystream writes. */
async function spdyClient(user: string, pod: string) {
  const { head, rest, socket } = await upgradeRequest(`/api/v1/namespaces/eks-work/pods/${pod}/portforward`, { ...SPDY_HEADERS, Authorization: `Bearer ${token(user)}` });
  expect(head).toBe('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io');
  const reader = new FrameReader();
  const frames: Frame[] = [...reader.push(rest)];
  let ended = false;
  socket.on('data', (chunk: Buffer) => frames.push(...reader.push(chunk)));
  socket.on('close', () => (ended = true));
  const compressor = new HeaderCompressor();
  return {
    socket,
    frames,
    ended: () => ended,
    async open(id: number, headers: HeaderList) {
      const block = await compressor.compress(headers);
      const ids = Buffer.alloc(10);
      ids.writeUInt32BE(id, 0);
      socket.write(encodeControlFrame(FrameType.SynStream, 0, Buffer.concat([ids, block])));
    },
    send(id: number, data: string, flags = 0) {
      socket.write(encodeDataFrame(id, flags, Buffer.from(data)));
    },
    /** What the server sent on a stream, and whether it ended it with FIN. */
    stream(id: number) {
      const data = frames.filter((f): f is Extract<Frame, { control: false }> => !f.control && f.streamId === id);
      return { text: Buffer.concat(data.map((f) => f.data)).toString(), fin: data.some((f) => f.flags & FLAG_FIN) };
    },
    control(type: number) {
      return frames.filter((f): f is Extract<Frame, { control: true }> => f.control && f.type === type).map((f) => f.payload.toString('hex'));
    },
    close() {
      compressor.close();
      socket.destroy();
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

const pair = (requestId: string, port = '8080'): [HeaderList, HeaderList] => [
  [
    ['streamType', 'error'],
    ['port', port],
    ['requestID', requestId],
  ],
  [
    ['streamType', 'data'],
    ['port', port],
    ['requestID', requestId],
  ],
];

describe('pods/portforward over SPDY/3.1', () => {
  it('answers HTTP on the data stream, keeps the connection alive, and ends the stream after the client’s FIN', async () => {
    const client = await spdyClient('admin', backendAppPod());
    try {
      const [error, data] = pair('0');
      await client.open(1, error);
      client.send(1, '', FLAG_FIN);
      await client.open(3, data);
      client.send(3, 'GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await until(() => client.stream(3).text.includes('"UP"'), 'the first answer');
      client.send(3, 'GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n', FLAG_FIN);
      await until(() => client.stream(3).fin, 'the data stream to end');
      const answers = client.stream(3).text.split(/(?=HTTP\/1\.1 )/);
      expect(answers).toHaveLength(2);
      expect(answers[0]).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nContent-Length: 49\r\n[^]*\r\n\r\n\{"status":"UP","groups":\["liveness","readiness"\]\}$/);
      expect(answers[1]).toMatch(/\r\n\r\n\{"name":"backend-app","version":"1\.4\.2"\}$/);
      expect(client.stream(1)).toEqual({ text: '', fin: true });
      expect(client.control(FrameType.SynReply)).toHaveLength(2);
    } finally {
      client.close();
    }
  });

  it('answers bytes that are not HTTP with 400 and ends the stream', async () => {
    const client = await spdyClient('admin', backendAppPod());
    try {
      const [error, data] = pair('7');
      await client.open(1, error);
      await client.open(3, data);
      client.send(3, '\x16\x03\x01\x02\x00 not http\r\n\r\n');
      await until(() => client.stream(3).fin, 'the data stream to end');
      expect(client.stream(3).text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    } finally {
      client.close();
    }
  });

  it('writes the kubelet’s error for a port nothing listens on, and ends both streams', async () => {
    const pod = backendAppPod();
    const client = await spdyClient('admin', pod);
    try {
      const [error, data] = pair('0', '9999');
      await client.open(1, error);
      await client.open(3, data);
      await until(() => client.stream(1).fin && client.stream(3).fin, 'both streams to end');
      const message = refusedPortMessage(sandbox.world.store.get('pods', 'eks-work', pod)!, 9999);
      expect(client.stream(1).text).toBe(message);
      expect(message).toMatch(
        /^error forwarding port 9999 to pod ([0-9a-f]{64}), uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]{36}": failed to connect to localhost:9999 inside namespace "\1", IPv4: dial tcp4 127\.0\.0\.1:9999: connect: connection refused IPv6 dial tcp6 \[::1\]:9999: connect: connection refused $/,
      );
      expect(client.stream(3).text).toBe('');
    } finally {
      client.close();
    }
  });

  it('refuses streams without the kubelet’s headers, a second stream of a type for one request, and unknown streams', async () => {
    const client = await spdyClient('admin', backendAppPod());
    try {
      await client.open(1, [['streamType', 'data']]); // no port
      await client.open(3, [
        ['streamType', 'control'],
        ['port', '8080'],
      ]);
      await client.open(5, [
        ['streamType', 'error'],
        ['port', '70000'],
      ]);
      await client.open(7, pair('1')[0]);
      await client.open(9, pair('1')[0]); // a second error stream for request 1
      client.send(41, 'stray');
      await until(() => client.control(FrameType.RstStream).length === 5, 'five resets');
      // RST_STREAM: stream id, then CANCEL (5) for a refused stream, INVALID_STREAM (2) for one never opened.
      expect(client.control(FrameType.RstStream)).toEqual(['0000000100000005', '0000000300000005', '0000000500000005', '0000000900000005', '0000002900000002']);
      expect(client.control(FrameType.SynReply)).toHaveLength(1); // stream 7 only
    } finally {
      client.close();
    }
  });

  it('ends the connection with GOAWAY on a frame larger than it reads', async () => {
    const client = await spdyClient('admin', backendAppPod());
    try {
      client.socket.write(Buffer.from('0000000100200000', 'hex')); // a DATA frame announcing 2 MiB
      await until(client.ended, 'the connection to close');
      expect(client.control(FrameType.GoAway)).toEqual(['0000000000000001']);
    } finally {
      client.close();
    }
  });

  it('ends forwarding when the pod is deleted', async () => {
    const pod = sandbox.world.store.list('pods', 'eks-work').find((p) => p.metadata.name.startsWith('backend-app-') && !p.metadata.name.includes('canary') && p.metadata.name !== backendAppPod())!;
    const client = await spdyClient('admin', pod.metadata.name);
    try {
      sandbox.world.store.delete('pods', 'eks-work', pod.metadata.name);
      await until(client.ended, 'the connection to close');
    } finally {
      client.close();
    }
  });
});

describe('pods/portforward over the kubelet’s WebSocket channels', () => {
  it('opens each port’s data and error channel with the port, relays HTTP on the data channel, and closes after the last port', async () => {
    const pod = backendAppPod();
    const url = `${sandbox.url.replace('http', 'ws')}/api/v1/namespaces/eks-work/pods/${pod}/portforward?ports=8080,9999`;
    const ws = new WebSocket(url, ['v4.channel.k8s.io'], { headers: { Authorization: `Bearer ${token('admin')}` } });
    const messages: Buffer[] = [];
    ws.on('message', (data: Buffer) => messages.push(data));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('GET /api/version HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')]));
    expect(await closed).toBe(1000);
    // 8080 is 0x1f90 and 9999 is 0x270f, little-endian, on channels 0 and 1, then 2 and 3 (websocket.go handleWebSocketStreams).
    expect(messages.slice(0, 4).map((m) => m.toString('hex'))).toEqual(['00901f', '01901f', '020f27', '030f27']);
    const text = (channel: number) =>
      messages
        .slice(4)
        .filter((m) => m[0] === channel)
        .map((m) => m.subarray(1).toString())
        .join('');
    expect(text(3)).toBe(refusedPortMessage(sandbox.world.store.get('pods', 'eks-work', pod)!, 9999));
    expect(text(0)).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Connection: close\r\n\r\n\{"name":"backend-app","version":"1\.4\.2"\}$/);
    expect(text(1)).toBe('');
  });
});

describe('pods/portforward refusals before the upgrade', () => {
  const path = (pod: string, namespace = 'eks-work') => `/api/v1/namespaces/${namespace}/pods/${pod}/portforward`;
  const status = async (p: string, headers: Record<string, string>, method = 'POST') => {
    const { head, rest } = await upgradeRequest(p, headers, method);
    return { code: Number(head.split(' ')[1]), body: JSON.parse(rest.toString()) as { message: string; reason: string } };
  };

  it('answers the API server’s errors as JSON Status', async () => {
    const pod = backendAppPod();
    const admin = `Bearer ${token('admin')}`;
    expect(await status(path(pod), { ...SPDY_HEADERS, Authorization: `Bearer ${token('oncall')}` })).toMatchObject({
      code: 403,
      body: { reason: 'Forbidden', message: `pods "${pod}" is forbidden: User "oncall" cannot create resource "pods/portforward" in API group "" in the namespace "eks-work"` },
    });
    expect(await status(path(pod), { ...SPDY_HEADERS, Authorization: `Bearer ${token('dev')}` })).toMatchObject({ code: 403 });
    expect(await status(path('nosuch'), { ...SPDY_HEADERS, Authorization: admin })).toMatchObject({ code: 404, body: { reason: 'NotFound', message: 'pods "nosuch" not found' } });
    // The same name in another namespace is another pod.
    expect(await status(path(pod, 'rbac-test-ns'), { ...SPDY_HEADERS, Authorization: admin })).toMatchObject({ code: 404 });
    expect(await status(path(pod), { ...SPDY_HEADERS, 'X-Stream-Protocol-Version': 'v4.channel.k8s.io', Authorization: admin })).toMatchObject({
      code: 400,
      body: {
        message: 'unable to upgrade connection: port forwarding is served over WebSocket (SPDY/3.1+portforward.k8s.io or v4.channel.k8s.io, channel.k8s.io) or SPDY/3.1 (portforward.k8s.io)',
      },
    });
    // The kubelet's WebSocket protocol takes the ports from the query, read as parsePortForwardOptions reads them.
    const websocket = {
      Authorization: admin,
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
    };
    const refusal = async (query: string) => (await status(`${path(pod)}${query}`, websocket, 'GET')).body.message;
    expect(await refusal('')).toBe('query parameter "port" is required');
    expect(await refusal('?ports=')).toBe('query parameter "port" cannot be empty');
    expect(await refusal('?ports=8080,http')).toBe('unable to parse "8080,http" as a port');
    expect(await refusal('?ports=65536')).toBe('unable to parse "65536" as a port');
    expect(await refusal('?ports=0')).toBe('port "0" must be > 0');
    expect(await refusal(`?ports=${Array.from({ length: 129 }, () => '8080').join(',')}`)).toBe('at most 128 ports may be forwarded at once');
    const pending = sandbox.world.store.list('pods', 'eks-work').find((p) => !p.spec?.nodeName)!;
    expect(await status(path(pending.metadata.name), { ...SPDY_HEADERS, Authorization: admin })).toMatchObject({
      code: 400,
      body: { message: `pod ${pending.metadata.name} does not have a host assigned` },
    });
  });
});
