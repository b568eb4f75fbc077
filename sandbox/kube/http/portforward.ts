/**
 * pods/portforward, as kube-apiserver 1.32 and the kubelet serve it to kubectl:
 *
 * - kubectl 1.32 first asks for a WebSocket (GET, subprotocol SPDY/3.1+portforward.k8s.io) and speaks
 *   SPDY/3.1 inside its binary messages (client-go tools/portforward/tunneling_connection.go; the API
 *   server's side is pkg/util/proxy/streamtunnel.go). When that upgrade is refused it falls back to a
 *   plain SPDY/3.1 upgrade (POST, X-Stream-Protocol-Version: portforward.k8s.io). Both are served.
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
import { WebSocketServer } from 'ws';
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
 * ws refuses a Sec-WebSocket-Protocol with "/" in it (not an RFC 7230 token), as gorilla/websocket does not:
 * the handler takes the header off the request once it has checked it, and the answer names the protocol.
 */
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
wss.on('headers', (headers) => headers.push(`Sec-WebSocket-Protocol: ${TUNNELING_PROTOCOL}`));

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
  throw statusErrors.badRequest(`unable to upgrade connection: port forwarding is served over WebSocket (${TUNNELING_PROTOCOL}) or SPDY/3.1 (${PORT_FORWARD_PROTOCOL})`);
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
  // Forwarding ends when the pod does, as the kubelet's streams end with its sandbox.
  const uid = pod.metadata.uid;
  const unsubscribe = ctx.store.subscribe((event) => {
    if (event.resource === 'pods' && event.object.metadata.uid === uid && event.type === 'DELETED') connection.close();
  });
  connection.onClose(() => {
    unsubscribe();
    for (const pair of pairs.values()) pair.socket?.destroy();
    pairs.clear();
  });
  return connection;
}

/** The data stream as the socket of an HTTP connection: reads what the client sends, writes back on the stream, ends with a FIN. */
function streamSocket(stream: SpdyStream): Duplex {
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      stream.write(chunk);
      callback();
    },
    final(callback) {
      stream.close();
      callback();
    },
    destroy(err, callback) {
      stream.close();
      callback(err);
    },
  });
  stream.onData((data) => socket.push(data));
  stream.onEnd(() => socket.push(null));
  return socket;
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
