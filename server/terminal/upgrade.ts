import 'server-only';
/**
 * The console's terminal WebSocket: `GET /api/v1/clusters/{cluster}/namespaces/{namespace}/pods/{name}/{exec|attach}`
 * upgraded. Before the upgrade, as a plain HTTP answer with the usual JSON error: a request not from the console's
 * own origin, without the session's CSRF token (offered as the subprotocol `csrf.<token>`), without a session, or
 * past the per-user limit of open terminals. After it, the session is relayed (session.ts) and then audited.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { csrfFromProtocols, MAX_TERMINAL_MESSAGE_BYTES, TERMINAL_PROTOCOL, type TerminalAction } from '@/lib/terminal-protocol';
import { clusterName, namespaceName } from '../api/names';
import { actorFor } from '../audit/actor';
import { record, type AuditContext } from '../audit/trail';
import { CSRF_HEADER } from '../auth/csrf';
import { config, DEFAULT_TIMEOUTS } from '../config';
import { consoleErrors } from '../errors';
import { errorResponse, MAX_QUERY_BYTES, parseInput } from '../http';
import { upgradeTarget } from '../k8s/client';
import { drainingError, isDraining, trackStream } from '../lifecycle';
import { runSession } from './session';

export interface TerminalLimits {
  /** Open terminals per user in this console process. */
  maxPerUser: number;
  /** Nothing typed or printed for this long closes a terminal. */
  idleMs: number;
  /** The largest message a browser may send. */
  maxMessageBytes: number;
}

export const DEFAULT_TERMINAL_LIMITS: TerminalLimits = { maxPerUser: 5, idleMs: 30 * 60 * 1000, maxMessageBytes: MAX_TERMINAL_MESSAGE_BYTES };

/** The path of a terminal; anything else is left to Next.js. */
const TERMINAL_PATH = /^\/api\/v1\/clusters\/([^/?#]+)\/namespaces\/([^/?#]+)\/pods\/([^/?#]+)\/(exec|attach)(?:\?|$)/;

export function isTerminalPath(url: string | undefined): boolean {
  return url !== undefined && TERMINAL_PATH.test(url);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const terminalRequest = z.object({
  cluster: clusterName,
  namespace: namespaceName,
  pod: z.string().max(253).regex(DNS_SUBDOMAIN, 'a pod name is a DNS-1123 subdomain'),
  action: z.enum(['exec', 'attach']),
  container: z.string().max(63).regex(DNS_LABEL, 'a container name is a DNS-1123 label'),
  command: z.array(z.string().min(1, 'a command word is not empty').max(1024, 'a command word has at most 1024 characters')).max(32, 'a command has at most 32 words'),
});

type TerminalRequest = z.infer<typeof terminalRequest>;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw consoleErrors.badRequest(`invalid path segment "${part}"`);
  }
}

/** What the upgrade asks for, checked as the routes check their paths and queries. */
export function parseTerminalRequest(url: string): TerminalRequest {
  const match = TERMINAL_PATH.exec(url);
  if (!match) throw consoleErrors.notFound('not a terminal path');
  const query = new URL(url, 'http://console').searchParams;
  const search = url.indexOf('?');
  if (search >= 0 && url.length - search - 1 > MAX_QUERY_BYTES) throw consoleErrors.uriTooLong(`the query string is longer than ${MAX_QUERY_BYTES} bytes`);
  for (const name of query.keys()) if (name !== 'container' && name !== 'command') throw consoleErrors.badRequest(`invalid query: unknown parameter "${name}" (container, command)`);
  const action = match[4] as TerminalAction;
  const command = query.getAll('command');
  const parsed = parseInput(
    terminalRequest,
    { cluster: decode(match[1]), namespace: decode(match[2]), pod: decode(match[3]), action, container: query.get('container') ?? '', command },
    'terminal request',
  );
  if (action === 'exec' && command.length === 0) throw consoleErrors.badRequest('invalid terminal request: exec needs a command (command=/bin/sh)');
  if (action === 'attach' && command.length > 0) throw consoleErrors.badRequest('invalid terminal request: attach takes no command');
  return parsed;
}

const HOP_BY_HOP = new Set(['connection', 'upgrade', 'keep-alive', 'transfer-encoding', 'content-length', 'te', 'trailer', 'proxy-connection']);

/**
 * The upgrade as the console's other routes see a request: its own headers with the subprotocol's CSRF
 * token in X-CSRF-Token, as a POST, so authenticate() applies the same origin, session and CSRF checks.
 */
function asConsoleRequest(req: IncomingMessage, csrfToken: string | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name.startsWith('sec-websocket-') || name === CSRF_HEADER) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  if (csrfToken) headers.set(CSRF_HEADER, csrfToken);
  const host = req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost';
  return new Request(new URL(req.url ?? '/', `http://${host}`), { method: 'POST', headers });
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Answers the upgrade with the console's JSON error, as a route would, and closes the connection. */
async function refuse(socket: Duplex, err: unknown): Promise<void> {
  const response = errorResponse(err);
  const body = await response.text();
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
  response.headers.forEach((value, name) => lines.push(`${name}: ${value}`));
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close');
  if (!socket.destroyed) socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** The upgrade listener: the terminal WebSocket, with the user's open terminals counted per process. */
export function terminalUpgradeHandler(limits: TerminalLimits = DEFAULT_TERMINAL_LIMITS): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(TERMINAL_PROTOCOL) ? TERMINAL_PROTOCOL : false),
  });
  const open = new Map<string, number>();

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (isDraining()) throw drainingError();
    const target = parseTerminalRequest(req.url ?? '');
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') throw consoleErrors.badRequest('a terminal is a WebSocket: send Upgrade: websocket');
    if (!req.headers.origin) throw consoleErrors.csrfRejected('a terminal opens only from the console’s own pages (the request has no Origin header)');
    const offered = offeredProtocols(req);
    if (!offered.includes(TERMINAL_PROTOCOL)) throw consoleErrors.badRequest(`a terminal speaks the subprotocol ${TERMINAL_PROTOCOL}`);
    const csrfToken = csrfFromProtocols(offered);
    const actor = await actorFor(asConsoleRequest(req, csrfToken), target.cluster);
    const user = actor.audit.user.username;
    const held = open.get(user) ?? 0;
    if (held >= limits.maxPerUser) {
      throw consoleErrors.tooManyRequests(`${user} has ${held} terminals open, the most one user may; close one first`, { max: limits.maxPerUser, held, retryAfterSeconds: 5 });
    }
    const upstream = await upgradeTarget(actor.caller.identity, target.cluster, upstreamRef(target), upstreamQuery(target));
    open.set(user, held + 1);
    wss.handleUpgrade(req, socket, head, (browser) => {
      void serve(browser, target, upstream, actor.audit).finally(() => {
        const now = (open.get(user) ?? 1) - 1;
        if (now > 0) open.set(user, now);
        else open.delete(user);
      });
    });
  }

  async function serve(browser: WebSocket, target: TerminalRequest, upstream: Awaited<ReturnType<typeof upgradeTarget>>, audit: AuditContext): Promise<void> {
    const startedAt = new Date();
    let untrack: (() => void) | undefined;
    const timeouts = config().timeouts ?? DEFAULT_TIMEOUTS;
    const outcome = await runSession(
      browser,
      upstream,
      { idleMs: limits.idleMs, maxPendingBytes: 4 * limits.maxMessageBytes, maxUpstreamMessageBytes: 16 * 1024 * 1024, connectTimeoutMs: timeouts.connectMs + timeouts.responseMs },
      (end) => (untrack = trackStream(end)),
    );
    untrack?.();
    const durationSeconds = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
    await record(
      audit,
      {
        action: target.action,
        group: '',
        version: 'v1',
        resource: 'pods',
        subresource: target.action,
        namespace: target.namespace,
        name: target.pod,
        // What was run and for how long; never what was typed.
        detail: {
          container: target.container,
          ...(target.action === 'exec' ? { command: target.command } : {}),
          startedAt: startedAt.toISOString(),
          durationSeconds,
          ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
        },
      },
      { status: outcome.status, message: outcome.message },
    );
  }

  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    accept(req, socket, head).catch((err: unknown) => refuse(socket, err));
  };
}

function upstreamRef(target: TerminalRequest) {
  return { group: '', version: 'v1', resource: 'pods', namespace: target.namespace, name: target.pod, subresource: target.action };
}

/** A terminal: stdin and a TTY, whose stderr the TTY carries (the kubelet refuses stderr beside a TTY). */
function upstreamQuery(target: TerminalRequest): URLSearchParams {
  const query = new URLSearchParams({ container: target.container, stdin: 'true', stdout: 'true', tty: 'true' });
  for (const word of target.command) query.append('command', word);
  return query;
}
