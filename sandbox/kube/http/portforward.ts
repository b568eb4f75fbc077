/**
 * pods/portforward, as kube-apiserver 1.32 and the kubelet serve it to kubectl:
 *
 * - kubectl 1.32 first asks for a WebSocket (GET, subprotocol SPDY/3.1+portforward.k8s.io) and speaks
 *   SPDY/3.1 inside its binary messages (client-go tools/portforward/tunneling_connection.go; the API
 *   server's side is pkg/util/proxy/streamtunnel.go). When that upgrade is refused it falls back to a
 *   plain SPDY/3.1 upgrade (POST, X-Stream-Protocol-Version: portforward.k8s.io). Both are served, and
 *   the kubelet's own WebSocket protocol (v4.channel.k8s.io, ports in the query) that the Python client speaks.
 * - Authorization is the RequestInfo's verb, get for the WebSocket GET and create for the POST, as in
 *   1.32 before the AuthorizePodWebsocketUpgradeCreatePermission gate; a refused GET makes kubectl
 *   retry with SPDY, so a user without the permission reads "cannot create resource pods/portforward".
 * - Each forwarded connection is a pair of streams with the same requestID, an error stream and a data
 *   stream (pkg/kubelet/cri/streaming/portforward/httpstream.go). The data stream carries the TCP bytes
 *   to the pod's port: here an HTTP server answering with what the container serves on it, as
 *   pods/proxy does. A port nothing listens on gets containerd's dial failure, wrapped by the kubelet,
 *   on the error stream.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { frame, V4_PROTOCOL } from '../../../lib/k8s/channel-protocol';
import type { KubeObject } from '../store';
import { statusErrors } from '../status';
import type { ApiContext } from './context';
import type { Upgrade } from './exec';
import { podListener, writeAnswer, type HttpAnswer } from './proxy';
import { SpdyServerConnection, type SpdyStream, type Transport } from './spdy';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** constants.WebsocketsSPDYTunnelingPrefix + the stream protocol. */
export const TUNNELING_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;

/** A WebSocket message carries the SPDY frames of one write; kubectl's are at most its 32 KiB copy buffer and a header. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Forwarded connections whose pair is still incomplete, per connection. */
const MAX_PENDING_PAIRS = 100;

/**
 * ws refuses a Sec-WebSocket-Protocol containing "/" (not an RFC 7230 token), which gorilla/websocket, on
 * both ends of a real cluster, accepts: the handler checks the header itself and takes it off the request,
 * and the answer names the protocol.
 */
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
wss.on('headers', (headers) => headers.push(`Sec-WebSocket-Protocol: ${TUNNELING_PROTOCOL}`));

/** The kubelet's channel protocols for port forwarding over WebSocket (binary; the base64 variants are not served). */
const CHANNEL_PROTOCOLS = [V4_PROTOCOL, 'channel.k8s.io'];
const CLOSE_DELAY_MS = 10;
/** Two channels per port, numbered in one byte. */
const MAX_CHANNEL_PORTS = 128;
const channelWss = new WebSocketServer({
  noServer: true,
  maxPayload: MAX_MESSAGE_BYTES,
  perMessageDeflate: false,
  handleProtocols: (offered) => CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false,
});

function headerList(req: IncomingMessage, name: string): string[] {
  const value = req.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export function portForwardHandler(ctx: ApiContext, upgrade: Upgrade | undefined): void {
  if (ctx.type.kind !== 'Pod') throw statusErrors.notFoundResource();
  if (ctx.info.verb !== 'get' && ctx.info.verb !== 'create') throw statusErrors.methodNotSupported(ctx.type, ctx.info.verb);
  const pod = ctx.store.mustGet('pods', ctx.namespace, ctx.info.name);
  if (!pod.spec?.nodeName) throw statusErrors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  if (!upgrade) throw statusErrors.badRequest('Upgrade request required');
  const kind = (ctx.req.headers.upgrade ?? '').toLowerCase();
  if (kind === 'websocket' && headerList(ctx.req, 'sec-websocket-protocol').includes(TUNNELING_PROTOCOL)) {
    ctx.res.detachSocket(upgrade.socket as never);
    delete ctx.req.headers['sec-websocket-protocol'];
    wss.handleUpgrade(ctx.req, upgrade.socket, upgrade.head, (ws) => {
      const connection = forward(ctx, pod, {
        write: (bytes) => ws.readyState === ws.OPEN && ws.send(bytes, { binary: true }),
        close: () => ws.close(1000),
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? connection.receive(data) : connection.close()));
      ws.on('close', () => connection.close());
      ws.on('error', () => connection.close());
    });
    return;
  }
  const channelProtocol = CHANNEL_PROTOCOLS.find((p) => headerList(ctx.req, 'sec-websocket-protocol').includes(p));
  if (kind === 'websocket' && channelProtocol) {
    const ports = queryPorts(ctx.url);
    ctx.res.detachSocket(upgrade.socket as never);
    channelWss.handleUpgrade(ctx.req, upgrade.socket, upgrade.head, (ws) => forwardChannels(ctx, pod, ports, ws));
    return;
  }
  if (kind === 'spdy/3.1' && headerList(ctx.req, 'x-stream-protocol-version').includes(PORT_FORWARD_PROTOCOL)) {
    const { socket, head } = upgrade;
    ctx.res.detachSocket(socket as never);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
    const connection = forward(ctx, pod, { write: (bytes) => socket.writable && socket.write(bytes), close: () => socket.end() });
    socket.on('data', (chunk: Buffer) => connection.receive(chunk));
    socket.on('close', () => connection.close());
    socket.on('error', () => connection.close());
    if (head.length) connection.receive(head);
    return;
  }
  throw statusErrors.badRequest(
    `unable to upgrade connection: port forwarding is served over WebSocket (${TUNNELING_PROTOCOL} or ${CHANNEL_PROTOCOLS.join(', ')}) or SPDY/3.1 (${PORT_FORWARD_PROTOCOL})`,
  );
}

/** The pod sandbox's id and network namespace as containerd names them, stable for the pod. */
function sandboxOf(pod: KubeObject): { id: string; netns: string } {
  const id = createHash('sha256').update(`sandbox/${pod.metadata.uid}`).digest('hex');
  const u = createHash('sha256').update(`netns/${pod.metadata.uid}`).digest('hex');
  return { id, netns: `/var/run/netns/cni-${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20, 32)}` };
}

/** The kubelet's message for a port nothing in the pod listens on (containerd's sandbox_portforward_linux.go inside it). */
export function refusedPortMessage(pod: KubeObject, port: number): string {
  const sandbox = sandboxOf(pod);
  const dial =
    `failed to connect to localhost:${port} inside namespace "${sandbox.id}", ` +
    `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
  return `error forwarding port ${port} to pod ${sandbox.id}, uid : failed to execute portforward in network namespace "${sandbox.netns}": ${dial}`;
}

/** Forwarding ends when the pod does, as the kubelet's streams end with its sandbox. Returns the unsubscribe. */
function onPodDeleted(ctx: ApiContext, pod: KubeObject, end: () => void): () => void {
  const uid = pod.metadata.uid;
  return ctx.store.subscribe((event) => {
    if (event.resource === 'pods' && event.object.metadata.uid === uid && event.type === 'DELETED') end();
  });
}

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  socket?: Duplex;
}

/** The headers the kubelet requires of each stream (httpStreamReceived), or its complaint. */
function streamProblem(stream: SpdyStream): string | undefined {
  const port = stream.header('port');
  if (!port) return '"port" header is required';
  if (!/^\d+$/.test(port) || Number(port) > 65535) return `unable to parse "${port}" as a port`;
  if (Number(port) < 1) return `port "${port}" must be > 0`;
  const type = stream.header('streamtype');
  if (!type) return '"streamType" header is required';
  if (type !== 'error' && type !== 'data') return `invalid stream type "${type}"`;
  return undefined;
}

/** One upgraded connection: pairs the streams, and ends with the pod. */
function forward(ctx: ApiContext, pod: KubeObject, transport: Transport): SpdyServerConnection {
  const pairs = new Map<string, Pair>();
  const connection = new SpdyServerConnection(transport, (stream) => {
    if (streamProblem(stream)) return undefined;
    const data = stream.header('streamtype') === 'data';
    // Clients of the first protocol version sent no requestID: the kubelet pairs a data stream with the error stream opened just before it.
    const requestId = stream.header('requestid') ?? String(data ? stream.id - 2 : stream.id);
    const pair = pairs.get(requestId) ?? {};
    if ((data ? pair.data : pair.error) || (!pairs.has(requestId) && pairs.size >= MAX_PENDING_PAIRS)) return undefined;
    pairs.set(requestId, pair);
    if (data) {
      pair.data = stream;
      // Bytes may arrive before the pair is complete: the socket holds them until the server reads it.
      pair.socket = streamSocket(stream);
    } else pair.error = stream;
    return () => {
      if (!pair.error || !pair.data) return;
      pairs.delete(requestId);
      const port = Number(pair.data.header('port'));
      const current = ctx.store.get('pods', pod.metadata.namespace, pod.metadata.name) ?? pod;
      const listener = podListener(ctx, current, port);
      if (!listener) {
        pair.error.write(refusedPortMessage(current, port));
        pair.error.close();
        pair.data.close();
        pair.socket!.destroy();
        return;
      }
      pair.error.close();
      serve(pair.socket!, listener);
    };
  });
  const unsubscribe = onPodDeleted(ctx, pod, () => connection.close());
  connection.onClose(() => {
    unsubscribe();
    for (const pair of pairs.values()) pair.socket?.destroy();
    pairs.clear();
  });
  return connection;
}

/** A socket for the container's HTTP server whose writes go to `write`; `end` runs once when the server is done with it. */
function byteSocket(write: (chunk: Buffer) => void, end: () => void): Duplex {
  let ended = false;
  const endOnce = () => {
    if (ended) return;
    ended = true;
    end();
  };
  return new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      write(chunk);
      callback();
    },
    final(callback) {
      endOnce();
      callback();
    },
    destroy(err, callback) {
      endOnce();
      callback(err);
    },
  });
}

/** The data stream as the socket of an HTTP connection: reads what the client sends, writes back on the stream, ends with a FIN. */
function streamSocket(stream: SpdyStream): Duplex {
  const socket = byteSocket(
    (chunk) => stream.write(chunk),
    () => stream.close(),
  );
  stream.onData((data) => socket.push(data));
  stream.onEnd(() => socket.push(null));
  return socket;
}

/**
 * The kubelet's WebSocket port forwarding (pkg/kubelet/cri/streaming/portforward/websocket.go), which the
 * Python client speaks: the ports in the query, two channels per port (data 2i, error 2i+1), each opened
 * by the port as two little-endian bytes; one connection per port, and the WebSocket ends with the last.
 */
function forwardChannels(ctx: ApiContext, pod: KubeObject, ports: number[], ws: WebSocket): void {
  const send = (channel: number, data: Uint8Array | string) => ws.readyState === ws.OPEN && ws.send(frame(channel, data));
  const sockets: (Duplex | undefined)[] = [];
  let open = ports.length;
  // The close follows the last bytes a moment later, as a connection's end follows its last write: the Python client
  // reads the socket only when select() says so, and a close in the same read as the data would wait there unseen.
  const done = () => {
    if (--open === 0) setTimeout(() => ws.close(1000), CLOSE_DELAY_MS);
  };
  ports.forEach((port, i) => {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    send(2 * i, portBytes);
    send(2 * i + 1, portBytes);
  });
  ports.forEach((port, i) => {
    const listener = podListener(ctx, pod, port);
    if (!listener) {
      send(2 * i + 1, refusedPortMessage(pod, port));
      done();
      return;
    }
    const socket = byteSocket((chunk) => send(2 * i, chunk), done);
    sockets[i] = socket;
    serve(socket, listener);
  });
  ws.on('message', (data: Buffer) => {
    if (data.length === 0 || data[0] % 2 === 1) return;
    sockets[data[0] / 2]?.push(data.subarray(1));
  });
  ws.on('close', () => {
    for (const socket of sockets) socket?.push(null);
  });
  ws.on(
    'close',
    onPodDeleted(ctx, pod, () => ws.close(1000)),
  );
}

/** The ports of PodPortForwardOptions, read as the kubelet reads them (parsePortForwardOptions). */
function queryPorts(url: URL): number[] {
  const values = url.searchParams.getAll('ports');
  if (values.length === 0) throw statusErrors.badRequest('query parameter "port" is required');
  const ports: number[] = [];
  for (const value of values) {
    if (!value) throw statusErrors.badRequest('query parameter "port" cannot be empty');
    for (const part of value.split(',')) {
      if (!/^\d+$/.test(part) || Number(part) > 65535) throw statusErrors.badRequest(`unable to parse "${value}" as a port`);
      if (Number(part) < 1) throw statusErrors.badRequest(`port "${value}" must be > 0`);
      ports.push(Number(part));
    }
  }
  if (ports.length > MAX_CHANNEL_PORTS) throw statusErrors.badRequest(`at most ${MAX_CHANNEL_PORTS} ports may be forwarded at once`);
  return ports;
}

const answers = new WeakMap<Duplex, (path: string) => HttpAnswer>();

/** The container's HTTP server: node's parser reads the forwarded bytes, the container's answer goes back. */
const httpServer = http.createServer({ keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 }, (req, res) => {
  const answer = answers.get(req.socket as unknown as Duplex);
  if (!answer) {
    res.destroy();
    return;
  }
  writeAnswer(req, res, answer(req.url ?? '/'));
});

function serve(socket: Duplex, listener: (path: string) => HttpAnswer): void {
  answers.set(socket, listener);
  httpServer.emit('connection', socket);
}
