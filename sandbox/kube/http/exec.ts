/**
 * pods/exec and pods/attach over WebSocket (v5.channel.k8s.io and
 * v4.channel.k8s.io), as kube-apiserver 1.32 serves them to kubectl:
 *
 * - Before the upgrade, the API server's own refusals as HTTP answers: the pod, the container
 *   (pkg/registry/core/pod/strategy.go), a pod with no node, a request that is not an upgrade.
 *   A client whose WebSocket handshake is refused falls back to SPDY, which this server does not speak;
 *   it then gets the same refusal, so kubectl prints the real server's words either way.
 * - After it, what the kubelet would say arrives on the error channel as a Status: a container that is not
 *   running, a program the image does not have, and at the end the exit code (NonZeroExitCode).
 *
 * Authorization is the RequestInfo's verb (get for the WebSocket GET, create for POST), as in 1.32 before the
 * AuthorizePodWebsocketUpgradeCreatePermission gate.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Channel, exitStatus, frame, negotiateProtocol, parseResize, V5_PROTOCOL } from '../../../lib/k8s/channel-protocol';
import { containerSystem } from '../../world/container-system';
import { ShellSession } from '../../world/terminal';
import { Shell, type ContainerSystem } from '../../world/shell';
import { isTrue } from '../request-info';
import type { KubeObject } from '../store';
import { statusErrors } from '../status';
import type { ApiContext } from './context';
import { chooseContainer, containerRunning } from './log';

export interface Upgrade {
  socket: Duplex;
  head: Buffer;
}

interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  command: string[];
}

/** Largest message a client may send: stdin arrives in small chunks, resizes are a few bytes. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const EXIT_DELAY_MS = 10;

const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: (offered) => negotiateProtocol(offered) ?? false, perMessageDeflate: false });

function isWebSocket(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

function readOptions(ctx: ApiContext): StreamOptions {
  const p = ctx.url.searchParams;
  return { stdin: isTrue(p.get('stdin')), stdout: isTrue(p.get('stdout')), stderr: isTrue(p.get('stderr')), tty: isTrue(p.get('tty')), command: p.getAll('command') };
}

export function streamHandler(ctx: ApiContext, upgrade: Upgrade | undefined): void {
  if (ctx.type.kind !== 'Pod') throw statusErrors.notFoundResource();
  if (ctx.info.verb !== 'get' && ctx.info.verb !== 'create') throw statusErrors.methodNotSupported(ctx.type, ctx.info.verb);
  const attach = ctx.info.subresource === 'attach';
  const options = readOptions(ctx);
  const pod = ctx.store.mustGet('pods', ctx.namespace, ctx.info.name);
  const container = chooseContainer(pod, ctx.url.searchParams.get('container') || undefined);
  if (!pod.spec?.nodeName) throw statusErrors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  if (!options.stdin && !options.stdout && !options.stderr) throw statusErrors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (!attach && options.command.length === 0) throw statusErrors.badRequest('you must specify at least one command for the container');
  if (!upgrade) throw statusErrors.badRequest('Upgrade request required');
  if (!isWebSocket(ctx.req) || !negotiateProtocol(offeredProtocols(ctx.req))) {
    throw statusErrors.badRequest(
      `unable to upgrade connection: this server streams exec and attach over WebSocket (${V5_PROTOCOL} or v4.channel.k8s.io), not ${ctx.req.headers.upgrade ?? 'plain HTTP'}`,
    );
  }
  ctx.res.detachSocket(upgrade.socket as never);
  wss.handleUpgrade(ctx.req, upgrade.socket, upgrade.head, (ws) => runStream(ctx, ws, pod, container, options, attach));
}

function runStream(ctx: ApiContext, ws: WebSocket, pod: KubeObject, container: string, options: StreamOptions, attach: boolean): void {
  const v5 = ws.protocol === V5_PROTOCOL;
  let finished = false;
  let exiting = false;
  const send = (channel: number, data: string | Uint8Array) => {
    if (!finished && (!exiting || channel === Channel.error) && ws.readyState === ws.OPEN) ws.send(frame(channel, data));
  };
  const write = (stream: 'stdout' | 'stderr', text: string) => {
    if (stream === 'stdout' || options.tty) {
      if (options.stdout) send(Channel.stdout, text);
    } else if (options.stderr) send(Channel.stderr, text);
  };
  const cleanups: (() => void)[] = [];
  // The exit status follows the output a moment later, as a process's exit follows its last write: clients
  // that poll the socket between frames (the Python client) see each frame arrive rather than one burst.
  const finish = (status: object) => {
    if (exiting) return;
    exiting = true;
    for (const cleanup of cleanups) cleanup();
    setTimeout(() => {
      send(Channel.error, JSON.stringify(status));
      finished = true;
      ws.close(1000);
    }, EXIT_DELAY_MS);
  };
  ws.on('close', () => {
    finished = true;
    for (const cleanup of cleanups) cleanup();
  });
  // The connection is established: an empty message on the lowest channel the client reads, as the kubelet sends.
  send(options.stdout ? Channel.stdout : options.stderr ? Channel.stderr : Channel.error, new Uint8Array());

  if (!containerRunning(pod, container)) {
    finish(statusErrors.internal(`unable to upgrade connection: container not found ("${container}")`).status);
    return;
  }
  // The session ends as the container does: stopped, killed, or its pod gone.
  const uid = pod.metadata.uid;
  cleanups.push(
    ctx.store.subscribe((event) => {
      if (event.resource !== 'pods' || event.object.metadata.uid !== uid) return;
      if (event.type === 'DELETED' || !containerRunning(event.object, container)) finish(exitStatus(137, options.command));
    }),
  );

  const system = containerSystem(ctx.store, { pod, container });
  let input: ((text: string) => void) | undefined;
  let endOfInput: (() => void) | undefined;

  if (attach) {
    const interactive = system && options.stdin && isInteractiveShell(pod, container, system);
    if (interactive) {
      const session = new ShellSession(system, 'sh', { tty: options.tty, write, exit: (code) => finish(exitStatus(code, [])) });
      input = (text) => session.input(text);
      endOfInput = () => session.endOfInput();
      session.start();
    } else {
      const ref = { namespace: pod.metadata.namespace!, pod: pod.metadata.name, container };
      cleanups.push(ctx.world.logs.follow(ref, (line) => write(line.stream === 'stderr' ? 'stderr' : 'stdout', `${line.text}\n`)));
    }
  } else {
    const [program] = options.command;
    const name = program.split('/').pop() ?? program;
    if (!system || !system.commands.has(name)) {
      const execId = createHash('sha256').update(`${uid}/${container}/${Date.now()}`).digest('hex');
      finish(
        statusErrors.internal(
          `error executing command in container: failed to exec in container: failed to start exec "${execId}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`,
        ).status,
      );
      return;
    }
    const shell = name === 'sh' || name === 'bash' || name === 'ash' ? (name === 'bash' ? 'bash' : 'sh') : undefined;
    if (shell && options.command.length === 1) {
      const session = new ShellSession(system, shell, { tty: options.tty, write, exit: (code) => finish(exitStatus(code, options.command)) });
      input = (text) => session.input(text);
      endOfInput = () => session.endOfInput();
      session.start();
      if (!options.stdin) session.endOfInput();
    } else {
      const process = new Shell(system, shell ?? 'sh', (stream, text) => write(stream, options.tty ? text.replace(/\r?\n/g, '\r\n') : text));
      process.exec(options.command);
      finish(exitStatus(process.exited ?? 0, options.command));
      return;
    }
  }

  // Text frames count as binary ones, as wsstream reads both (the Python client sends stdin as text).
  ws.on('message', (data: Buffer) => {
    if (data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === Channel.stdin && options.stdin) input?.(payload.toString('utf8'));
    else if (channel === Channel.resize) parseResize(payload);
    else if (v5 && channel === Channel.close && payload[0] === Channel.stdin) endOfInput?.();
  });
  // v4 has no close signal: stdin ends with the connection.
  ws.on('close', () => endOfInput?.());
}

/** A container whose PID 1 is a shell reading a terminal (`kubectl run -it --image=busybox`). */
function isInteractiveShell(pod: KubeObject, container: string, system: ContainerSystem): boolean {
  const spec = ((pod.spec?.containers ?? []) as { name: string; stdin?: boolean }[]).find((c) => c.name === container);
  const pid1 = system.processes[0]?.command.split(' ')[0].split('/').pop();
  return Boolean(spec?.stdin) && (pid1 === 'sh' || pid1 === 'bash' || pid1 === 'ash');
}
