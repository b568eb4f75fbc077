/**
 * The terminal WebSocket against the sandbox's pods/exec (sandbox/kube/http/exec.ts), through a plain Node HTTP
 * server carrying the upgrade handler, with a signed-in browser's cookie and CSRF token. Refusals before the
 * upgrade are the console's JSON errors (server/auth/csrf.ts's messages); the API server's own refusal arrives
 * after it as an error event with the missing permission (sandbox RBAC: dev and oncall have view, without pods/exec).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { GET as sessionRoute } from '@/app/api/v1/auth/session/route';
import { POST as signInRoute } from '@/app/api/v1/auth/sign-in/route';
import { GET as auditRoute } from '@/app/api/v1/audit/route';
import { parseTerminalEvent, terminalPath, terminalProtocols, TERMINAL_PROTOCOL, type TerminalEvent } from '@/lib/terminal-protocol';
import { cookieJar } from '@/server/testing/cookie-jar';
import { CLUSTER, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { installTerminalUpgrade } from './hook';
import { isTerminalPath, terminalUpgradeHandler, type TerminalLimits } from './upgrade';

let t: SandboxConsole;
const servers: http.Server[] = [];

beforeAll(async () => {
  t = await startSandboxConsole({ advanceMs: 60_000 });
}, 60_000);
afterAll(async () => {
  for (const s of servers) s.close();
  await t?.close();
});

/** A console HTTP server with only the terminal's upgrade listener; its origin is what the browser's Origin must be. */
async function consoleServer(limits: Partial<TerminalLimits> = {}): Promise<string> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', terminalUpgradeHandler({ maxPerUser: 5, idleMs: 60_000, maxMessageBytes: 64 * 1024, ...limits }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Browser {
  cookie: string;
  csrf: string;
}

/** Signs in as the sandbox user through the console's routes, as the sign-in page does; or only the anonymous CSRF cookie. */
async function browserOf(origin: string, user?: SandboxUserName): Promise<Browser> {
  const jar = cookieJar();
  const host = new URL(origin).host;
  const session = await sessionRoute(new Request(`${origin}/api/v1/auth/session`), undefined as never);
  jar.absorb(session);
  const anonymous = (await session.json()).csrfToken as string;
  if (!user) return { cookie: jar.header(), csrf: anonymous };
  const signIn = await signInRoute(
    new Request(`${origin}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { host, origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'x-csrf-token': anonymous, cookie: jar.header() },
      body: JSON.stringify({ token: t.token(user) }),
    }),
    undefined as never,
  );
  expect(signIn.status).toBe(200);
  jar.absorb(signIn);
  const after = await sessionRoute(new Request(`${origin}/api/v1/auth/session`, { headers: { cookie: jar.header() } }), undefined as never);
  return { cookie: jar.header(), csrf: (await after.json()).csrfToken as string };
}

const backendPod = () => t.sandbox.world.store.list('pods', 'eks-work').find((p) => p.metadata.name.startsWith('backend-app-') && !p.metadata.name.includes('canary'))!.metadata.name;

interface Opened {
  ws: WebSocket;
  /** Everything the console sent: output as text, events parsed. */
  output: () => string;
  events: TerminalEvent[];
  frames: string[];
  closed: Promise<number>;
}

type Refusal = { status: number; body: { error: { kind: string; message: string } } };

/** Opens a terminal as a browser would; resolves with the open socket or with the HTTP refusal. */
function open(url: string, options: { origin?: string; protocols?: string[]; cookie?: string }): Promise<Opened | Refusal> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.origin) headers.origin = options.origin;
    if (options.cookie) headers.cookie = options.cookie;
    const ws = new WebSocket(url, options.protocols ?? [], { headers });
    let text = '';
    const events: TerminalEvent[] = [];
    const frames: string[] = [];
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.on('message', (data: Buffer, isBinary) => {
      frames.push(data.toString('utf8'));
      if (isBinary) text += data.toString('utf8');
      else events.push(parseTerminalEvent(data.toString('utf8'))!);
    });
    ws.on('open', () => resolve({ ws, output: () => text, events, frames, closed }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
    });
    ws.on('error', reject);
  });
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The first defined answer of `ask`, asked again every 50 ms. */
async function eventually<T>(ask: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await ask();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const wsUrl = (origin: string, path: string) => origin.replace('http:', 'ws:') + path;

/** A shell in backend-app's container as the signed-in browser, from the console's own origin. */
const openShell = (origin: string, browser: Browser, pod = backendPod()) =>
  open(wsUrl(origin, terminalPath(CLUSTER, 'eks-work', pod, 'exec', 'backend-app', ['/bin/sh'])), { origin, cookie: browser.cookie, protocols: terminalProtocols(browser.csrf) });

describe('the terminal WebSocket', () => {
  it('runs a shell in backend-app as admin: the output, the exit code, and an audit entry without what was typed', async () => {
    const origin = await consoleServer();
    const admin = await browserOf(origin, 'admin');
    const pod = backendPod();
    const term = (await openShell(origin, admin, pod)) as Opened;
    expect(term.ws.protocol).toBe(TERMINAL_PROTOCOL);
    await until(() => term.events.length > 0, 'the open event');
    expect(term.events[0]).toEqual({ type: 'open', protocol: 'v5.channel.k8s.io' });
    term.ws.send(JSON.stringify({ type: 'resize', cols: 100, rows: 30 }));
    term.ws.send(Buffer.from('hostname\r'), { binary: true });
    await until(() => term.output().includes(`${pod}\r\n`), 'the hostname');
    term.ws.send(Buffer.from('exit 3\r'), { binary: true });
    expect(await term.closed).toBe(1000);
    expect(term.events.at(-1)).toEqual({ type: 'exit', code: 3 });
    // Nothing the browser receives carries the user's token or the session cookie.
    for (const frame of term.frames) {
      expect(frame).not.toContain(t.token('admin'));
      expect(frame).not.toContain(admin.cookie.split('=')[1]);
    }

    const entry = await eventually(async () => {
      const answer = await auditRoute(new Request(`${origin}/api/v1/audit?cluster=${CLUSTER}&action=exec`, { headers: { cookie: admin.cookie } }), undefined as never);
      return ((await answer.json()).entries as { name: string }[]).find((e) => e.name === pod);
    }, 'the audit entry');
    const { detail, ...rest } = entry as unknown as { detail: Record<string, unknown> } & Record<string, unknown>;
    expect(rest).toMatchObject({
      username: 'admin',
      cluster: CLUSTER,
      action: 'exec',
      group: '',
      version: 'v1',
      resource: 'pods',
      subresource: 'exec',
      namespace: 'eks-work',
      name: pod,
      status: 101,
      message: '',
    });
    expect(Object.keys(detail).sort()).toEqual(['command', 'container', 'durationSeconds', 'exitCode', 'startedAt']);
    expect([detail.container, detail.command, detail.exitCode]).toEqual(['backend-app', ['/bin/sh'], 3]);
    expect(JSON.stringify(entry)).not.toContain('hostname');
  });

  it('attaches admin to backend-app: what the container prints while attached arrives, and the session is audited as attach', async () => {
    const origin = await consoleServer();
    const admin = await browserOf(origin, 'admin');
    const pod = backendPod();
    const world = t.sandbox.world;
    const term = (await open(wsUrl(origin, terminalPath(CLUSTER, 'eks-work', pod, 'attach', 'backend-app')), {
      origin,
      cookie: admin.cookie,
      protocols: terminalProtocols(admin.csrf),
    })) as Opened;
    await until(() => term.events.length > 0, 'the open event');
    expect(term.events[0]).toEqual({ type: 'open', protocol: 'v5.channel.k8s.io' });
    const since = world.now();
    await eventually(async () => {
      world.advance(1_500);
      await new Promise((r) => setTimeout(r, 100));
      return term.output() || undefined;
    }, 'a line the container printed');
    term.ws.close();
    await term.closed;
    // Lines arrive as the container prints them (a TTY's line ends); the first is among those printed since.
    const printed = world.logs.read({ namespace: 'eks-work', pod, container: 'backend-app' }, { sinceTime: since }).map((l) => l.text);
    expect(printed).toContain(term.output().split(/\r?\n/)[0]);
    const entry = await eventually(async () => {
      const answer = await auditRoute(new Request(`${origin}/api/v1/audit?cluster=${CLUSTER}&action=attach`, { headers: { cookie: admin.cookie } }), undefined as never);
      return ((await answer.json()).entries as { name: string; subresource: string; status: number; detail: Record<string, unknown> }[]).find((e) => e.name === pod);
    }, 'the audit entry');
    expect([entry.subresource, entry.status, Object.keys(entry.detail).sort()]).toEqual(['attach', 101, ['container', 'durationSeconds', 'startedAt']]);
  });

  it('gives dev the API server’s refusal with the missing permission, after the upgrade', async () => {
    const origin = await consoleServer();
    const dev = await browserOf(origin, 'dev');
    const pod = backendPod();
    const term = (await openShell(origin, dev, pod)) as Opened;
    await term.closed;
    expect(term.events).toHaveLength(1);
    const event = term.events[0] as Extract<TerminalEvent, { type: 'error' }>;
    expect(event.type).toBe('error');
    // The sandbox authorizes a WebSocket GET as get, as kube-apiserver 1.32 does.
    expect(event.body.message).toBe(`pods "${pod}" is forbidden: User "dev" cannot get resource "pods/exec" in API group "" in the namespace "eks-work"`);
    expect(event.body.missing).toEqual({ verb: 'get', resource: 'pods', subresource: 'exec', group: '', namespace: 'eks-work', name: pod });
    // The refused session is in dev's own trail, with the API server's answer and no exit code.
    const entry = await eventually(async () => {
      const answer = await auditRoute(new Request(`${origin}/api/v1/audit?cluster=${CLUSTER}&action=exec`, { headers: { cookie: dev.cookie } }), undefined as never);
      return ((await answer.json()).entries as { name: string; status: number; message: string; detail: Record<string, unknown> }[]).find((e) => e.name === pod);
    }, 'the audit entry');
    expect([entry.status, entry.message, 'exitCode' in entry.detail]).toEqual([403, event.body.message, false]);
  });

  it('refuses before the upgrade, in JSON: a foreign Origin, no Origin, no or a wrong CSRF token, no session', async () => {
    const origin = await consoleServer();
    const admin = await browserOf(origin, 'admin');
    const anonymous = await browserOf(origin);
    const url = wsUrl(origin, terminalPath(CLUSTER, 'eks-work', backendPod(), 'exec', 'backend-app', ['/bin/sh']));
    const refusal = async (options: Parameters<typeof open>[1]) => {
      const answer = (await open(url, options)) as Refusal;
      return [answer.status, answer.body.error.kind, answer.body.error.message];
    };
    expect(await refusal({ origin: 'http://evil.example', cookie: admin.cookie, protocols: terminalProtocols(admin.csrf) })).toEqual([
      403,
      'CsrfRejected',
      'cross-site request refused (Origin: http://evil.example)',
    ]);
    expect(await refusal({ cookie: admin.cookie, protocols: terminalProtocols(admin.csrf) })).toEqual([
      403,
      'CsrfRejected',
      'a terminal opens only from the console’s own pages (the request has no Origin header)',
    ]);
    expect(await refusal({ origin, cookie: admin.cookie, protocols: [TERMINAL_PROTOCOL] })).toEqual([403, 'CsrfRejected', 'the X-CSRF-Token header is missing']);
    expect(await refusal({ origin, cookie: admin.cookie, protocols: terminalProtocols(anonymous.csrf) })).toEqual([403, 'CsrfRejected', 'the X-CSRF-Token header does not match this session']);
    expect(await refusal({ origin, cookie: anonymous.cookie, protocols: terminalProtocols(anonymous.csrf) })).toEqual([401, 'SignInRequired', 'sign in to continue']);
    expect(await refusal({ origin, cookie: admin.cookie, protocols: [`csrf.${admin.csrf}`] })).toEqual([400, 'BadRequest', 'a terminal speaks the subprotocol watchdeck.terminal.v1']);
  });

  it('refuses malformed targets before asking anyone', async () => {
    const origin = await consoleServer();
    const admin = await browserOf(origin, 'admin');
    const refusal = async (path: string) => {
      const answer = (await open(wsUrl(origin, path), { origin, cookie: admin.cookie, protocols: terminalProtocols(admin.csrf) })) as Refusal;
      return [answer.status, answer.body.error.message];
    };
    const base = `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/pods/p`;
    expect(await refusal(`${base}/exec?container=app`)).toEqual([400, 'invalid terminal request: exec needs a command (command=/bin/sh)']);
    expect(await refusal(`${base}/attach?container=app&command=sh`)).toEqual([400, 'invalid terminal request: attach takes no command']);
    expect(await refusal(`${base}/exec?container=app&command=sh&stdin=false`)).toEqual([400, 'invalid query: unknown parameter "stdin" (container, command)']);
    expect(await refusal(`/api/v1/clusters/${CLUSTER}/namespaces/..%2Fkube-system/pods/p/exec?container=app&command=sh`)).toEqual([
      400,
      'invalid terminal request: namespace: a namespace name is a DNS-1123 label: lower-case letters, digits and "-"',
    ]);
    expect(await refusal(`${base}/exec?container=App&command=sh`)).toEqual([400, 'invalid terminal request: container: a container name is a DNS-1123 label']);
  });

  it('closes a terminal whose browser sends a message past the limit (1009), and one left idle', async () => {
    const origin = await consoleServer({ maxMessageBytes: 1024, idleMs: 400 });
    const admin = await browserOf(origin, 'admin');
    const url = wsUrl(origin, terminalPath(CLUSTER, 'eks-work', backendPod(), 'exec', 'backend-app', ['/bin/sh']));
    const big = (await open(url, { origin, cookie: admin.cookie, protocols: terminalProtocols(admin.csrf) })) as Opened;
    await until(() => big.events.length > 0, 'the open event');
    big.ws.send(Buffer.alloc(1025, 0x61), { binary: true });
    expect(await big.closed).toBe(1009);

    const idle = (await open(url, { origin, cookie: admin.cookie, protocols: terminalProtocols(admin.csrf) })) as Opened;
    expect(await idle.closed).toBe(1000);
    expect(idle.events.at(-1)).toEqual({ type: 'closed', reason: 'idle', seconds: 0 });
  });

  it('refuses a terminal past the per-user limit with 429, and takes one again once another has closed', async () => {
    const origin = await consoleServer({ maxPerUser: 1 });
    const admin = await browserOf(origin, 'admin');
    const url = wsUrl(origin, terminalPath(CLUSTER, 'eks-work', backendPod(), 'exec', 'backend-app', ['/bin/sh']));
    const options = { origin, cookie: admin.cookie, protocols: terminalProtocols(admin.csrf) };
    const first = (await open(url, options)) as Opened;
    const second = (await open(url, options)) as Refusal;
    expect([second.status, second.body.error.kind, second.body.error.message]).toEqual([429, 'TooManyRequests', 'admin has 1 terminals open, the most one user may; close one first']);
    first.ws.close();
    await first.closed;
    // The count drops once the session has ended on the server too.
    const third = await eventually(async () => {
      const answer = await open(url, options);
      return 'ws' in answer ? answer : undefined;
    }, 'a terminal after the first closed');
    third.ws.close();
  });
});

describe('installTerminalUpgrade', () => {
  it('hands terminal paths to the terminal and every other upgrade to the server’s own listeners', async () => {
    const seen: string[] = [];
    installTerminalUpgrade(isTerminalPath, (req, socket) => {
      seen.push(`terminal ${req.url}`);
      socket.end('HTTP/1.1 418 Teapot\r\nConnection: close\r\n\r\n');
    });
    const server = http.createServer();
    server.on('upgrade', (req, socket) => {
      seen.push(`own ${req.url}`);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const status = (path: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(base + path);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => undefined);
      });
    expect(await status('/api/v1/clusters/c/namespaces/n/pods/p/exec?command=sh')).toBe(418);
    expect(await status('/api/v1/clusters/c/namespaces/n/pods/p/log')).toBe(404);
    expect(await status('/_next/webpack-hmr')).toBe(404);
    expect(seen).toEqual(['terminal /api/v1/clusters/c/namespaces/n/pods/p/exec?command=sh', 'own /api/v1/clusters/c/namespaces/n/pods/p/log', 'own /_next/webpack-hmr']);
  });
});
