'use client';
/** A terminal's WebSocket to the console (lib/terminal-protocol.ts): input and resizes out, output and events in. */
import { parseTerminalEvent, terminalProtocols, type TerminalErrorBody } from '@/lib/terminal-protocol';

/** Where a terminal is, as its status line says it. */
export type TerminalState =
  | { phase: 'connecting' }
  | { phase: 'open'; protocol: string }
  | { phase: 'exited'; code: number }
  | { phase: 'error'; body: TerminalErrorBody }
  | { phase: 'closed'; reason: 'idle' | 'shutdown'; seconds?: number }
  /** Closed before it opened: the console answered the upgrade with an error the browser does not show. */
  | { phase: 'refused' }
  | { phase: 'disconnected' };

export interface TerminalSocket {
  input(data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

/** The console's origin as a WebSocket origin: the same host, ws: or wss: as the page. */
export function terminalSocketUrl(path: string, location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

const encoder = new TextEncoder();

export function openTerminalSocket(url: string, csrfToken: string, handlers: { output(bytes: Uint8Array): void; state(state: TerminalState): void }): TerminalSocket {
  const ws = new WebSocket(url, terminalProtocols(csrfToken));
  ws.binaryType = 'arraybuffer';
  let opened = false;
  let ended = false;
  let size: [number, number] | undefined;
  const sendResize = () => {
    if (size && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'resize', cols: size[0], rows: size[1] }));
  };
  handlers.state({ phase: 'connecting' });
  ws.onopen = () => {
    opened = true;
    sendResize();
  };
  ws.onmessage = (message: MessageEvent<ArrayBuffer | string>) => {
    if (typeof message.data !== 'string') return handlers.output(new Uint8Array(message.data));
    const event = parseTerminalEvent(message.data);
    if (!event) return;
    if (event.type !== 'open') ended = true;
    if (event.type === 'open') handlers.state({ phase: 'open', protocol: event.protocol });
    else if (event.type === 'exit') handlers.state({ phase: 'exited', code: event.code });
    else if (event.type === 'error') handlers.state({ phase: 'error', body: event.body });
    else handlers.state({ phase: 'closed', reason: event.reason, ...(event.seconds !== undefined ? { seconds: event.seconds } : {}) });
  };
  ws.onclose = () => {
    if (!ended) handlers.state(opened ? { phase: 'disconnected' } : { phase: 'refused' });
    ended = true;
  };
  return {
    input(data) {
      if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(data));
    },
    resize(cols, rows) {
      size = [cols, rows];
      sendResize();
    },
    close() {
      ended = true;
      ws.close(1000);
    },
  };
}
