import 'server-only';
/** One terminal: the browser's WebSocket relayed to the API server's exec or attach stream, opened with the user's identity. */
import type { IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import { Channel, closeSignal, frame, readStreamStatus, STREAM_PROTOCOLS, V5_PROTOCOL } from '@/lib/k8s/channel-protocol';
import { parseTerminalResize, type TerminalEvent } from '@/lib/terminal-protocol';
import { ConsoleError, type KubeStatus } from '../errors';
import { errorBody } from '../http';
import type { UpgradeTarget } from '../k8s/client';

/** How a session ended, for the audit trail: the API server's answer to the upgrade, and the command's exit code when one came. */
export interface SessionOutcome {
  /** 101 once the API server upgraded; its refusal's status otherwise, 0 when none came. */
  status: number;
  message: string;
  exitCode?: number;
}

export interface SessionOptions {
  /** Nothing typed or printed for this long ends the session. */
  idleMs: number;
  /** Input and resizes held while the API server has not answered yet, at most this many bytes. */
  maxPendingBytes: number;
  /** The largest message the API server may send the console. */
  maxUpstreamMessageBytes: number;
  connectTimeoutMs: number;
}

/** Pings both ways this often, so a load balancer's idle timeout (an ALB's 60 s) does not cut a quiet terminal; they do not count as activity. */
const PING_MS = 30_000;

/** The most of a refusal's body read: a Status is a few hundred bytes. */
const MAX_REFUSAL_BYTES = 64 * 1024;

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REFUSAL_BYTES) chunks.push(chunk);
      else res.destroy();
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The error channel's Status that is not an exit code (a container not running, a missing program), as a console error. */
function streamError(text: string, message: string): ConsoleError {
  let status: KubeStatus | undefined;
  try {
    const parsed = JSON.parse(text) as Partial<KubeStatus>;
    if (parsed && typeof parsed === 'object') status = { ...parsed, code: typeof parsed.code === 'number' ? parsed.code : 500, message };
  } catch {
    status = undefined;
  }
  return new ConsoleError('Status', status?.code || 500, message, status);
}

/**
 * Connects to the API server and relays until either side ends: input and resizes from the browser to the
 * stdin and resize channels, stdout and stderr back as binary messages, the error channel's Status as the
 * exit code. Resolves with the outcome once both sockets are closed. `end` is called on shutdown.
 */
export function runSession(browser: WebSocket, target: UpgradeTarget, options: SessionOptions, onEnd: (end: () => void) => void): Promise<SessionOutcome> {
  return new Promise((resolve) => {
    let outcome: SessionOutcome = { status: 0, message: '' };
    let settled = false;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let idle: NodeJS.Timeout | undefined;
    const pings = setInterval(() => {
      for (const ws of [browser, upstream]) if (ws.readyState === WebSocket.OPEN) ws.ping();
    }, PING_MS);

    const tell = (event: TerminalEvent) => {
      if (browser.readyState === WebSocket.OPEN) browser.send(JSON.stringify(event));
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearInterval(pings);
      if (browser.readyState === WebSocket.OPEN || browser.readyState === WebSocket.CONNECTING) browser.close(1000);
      if (upstream.readyState === WebSocket.OPEN) upstream.close(1000);
      else if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
      resolve(outcome);
    };
    const fail = (err: ConsoleError, answered: number) => {
      outcome = { ...outcome, status: outcome.status || answered, message: err.status?.message ?? err.message };
      tell({ type: 'error', body: errorBody(err) });
      finish();
    };
    const restartIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        tell({ type: 'closed', reason: 'idle', seconds: Math.round(options.idleMs / 1000) });
        finish();
      }, options.idleMs);
    };
    onEnd(() => {
      tell({ type: 'closed', reason: 'shutdown' });
      finish();
    });

    const upstream = new WebSocket(target.url, [...STREAM_PROTOCOLS], {
      headers: target.headers as Record<string, string>,
      agent: target.agent,
      ...(target.auth ? { auth: target.auth } : {}),
      perMessageDeflate: false,
      maxPayload: options.maxUpstreamMessageBytes,
      handshakeTimeout: options.connectTimeoutMs,
      followRedirects: false,
    });
    const toUpstream = (message: Uint8Array) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(message);
    };

    upstream.on('unexpected-response', (_req, res) => {
      void readBody(res).then((body) => fail(target.refused(res.statusCode ?? 0, body, res.headers), res.statusCode ?? 0));
    });
    upstream.on('error', (err) => {
      if (!settled) fail(target.failed(err), 0);
    });
    upstream.on('open', () => {
      outcome = { status: 101, message: '' };
      tell({ type: 'open', protocol: upstream.protocol });
      for (const message of pending) toUpstream(message);
      pending = [];
      restartIdle();
    });
    upstream.on('message', (data: RawData) => {
      const bytes = data as Buffer;
      if (bytes.length === 0) return;
      restartIdle();
      const channel = bytes[0];
      const payload = bytes.subarray(1);
      if (channel === Channel.stdout || channel === Channel.stderr) {
        if (payload.length > 0 && browser.readyState === WebSocket.OPEN) browser.send(payload, { binary: true });
        return;
      }
      if (channel !== Channel.error) return;
      const text = payload.toString('utf8');
      const status = readStreamStatus(text);
      if ('exitCode' in status) {
        outcome = { ...outcome, exitCode: status.exitCode };
        tell({ type: 'exit', code: status.exitCode });
        finish();
      } else {
        fail(streamError(text, status.error), 101);
      }
    });
    upstream.on('close', () => {
      // A stream that ends without a Status ended well, as client-go reads it.
      if (!settled && outcome.status === 101) {
        outcome = { ...outcome, exitCode: 0 };
        tell({ type: 'exit', code: 0 });
      }
      finish();
    });

    browser.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = data as Buffer;
      let message: Uint8Array | undefined;
      if (isBinary) {
        message = frame(Channel.stdin, bytes);
      } else {
        const resize = parseTerminalResize(bytes.toString('utf8'));
        if (!resize) return browser.close(1003, 'a text message is a resize: {"type":"resize","cols":80,"rows":24}');
        message = frame(Channel.resize, JSON.stringify({ Width: resize.cols, Height: resize.rows }));
      }
      if (upstream.readyState === WebSocket.OPEN) {
        restartIdle();
        toUpstream(message);
      } else if (upstream.readyState === WebSocket.CONNECTING) {
        pendingBytes += message.length;
        if (pendingBytes > options.maxPendingBytes) return browser.close(1008, 'too much input before the container answered');
        pending.push(Buffer.from(message));
      }
    });
    browser.on('close', () => {
      // v5 says stdin has ended before the connection goes, so the command sees end of file as kubectl's does.
      if (upstream.readyState === WebSocket.OPEN && upstream.protocol === V5_PROTOCOL) upstream.send(closeSignal(Channel.stdin));
      finish();
    });
    browser.on('error', () => finish());
  });
}
