/** Test scaffolding: the default scenario's sandbox, a console in token mode in front of it, and callers for route handlers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '@/sandbox';
import { useTestConsole, type TestConsole } from './setup';

export const CLUSTER = 'eks-work-cluster';
const ORIGIN = 'http://console.test:3000';

export type SandboxUserName = 'admin' | 'oncall' | 'dev';

export interface SandboxConsole {
  sandbox: Sandbox;
  console: TestConsole;
  /** A GET as the sandbox user (Bearer token), e.g. request('dev', '/api/v1/clusters/eks-work-cluster/pods'). */
  request(user: SandboxUserName, url: string, headers?: Record<string, string>): Request;
  token(user: SandboxUserName): string;
  close(): Promise<void>;
}

export async function startSandboxConsole(options: SandboxOptions & { advanceMs?: number } = {}): Promise<SandboxConsole> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-sandbox-'));
  const { advanceMs, ...sandboxOptions } = options;
  const sandbox = await startSandbox({ seed: 1, mode: 'manual', ...sandboxOptions, dir });
  if (advanceMs) sandbox.world.advance(advanceMs);
  const console = await useTestConsole(fs.readFileSync(sandbox.files!.consoleKubeconfig, 'utf8'), {
    authMode: 'token',
    namespaces: ['eks-work', 'rbac-test-ns'],
  });
  const token = (name: string) => sandbox.users.find((u) => u.username === name)!.token;
  return {
    sandbox,
    console,
    token,
    request: (user, url, headers = {}) => new Request(`${ORIGIN}${url}`, { headers: { authorization: `Bearer ${token(user)}`, ...headers } }),
    async close() {
      await console.close();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function params<T>(value: T) {
  return { params: Promise.resolve(value) };
}

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

/** Reads a text/event-stream body as the browser's EventSource parses it. */
export class SseReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  lastEventId = '';
  comments: string[] = [];

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next dispatched event, or undefined when the stream ends. */
  async next(timeoutMs = 10_000): Promise<SseMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const message: SseMessage = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'event') message.event = value;
          else if (name === 'data') data.push(value);
          else if (name === 'id') this.lastEventId = message.id = value;
        }
        if (data.length === 0) continue;
        message.data = data.join('\n');
        return message;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no event in time');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no event in time')), remaining)));
      const chunk = await Promise.race([this.reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) return undefined;
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** The next event with this name, skipping others. */
  async nextOf(event: string, timeoutMs = 10_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      if (!message) throw new Error(`stream ended before a "${event}" event`);
      if (message.event === event) return message;
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}
