/**
 * The console's own WebSocket protocol between a browser terminal and the console, for exec and attach.
 * Pure: the terminal panel and the server's relay share it.
 *
 * - The browser offers two subprotocols: TERMINAL_PROTOCOL, and `csrf.<token>` carrying the session's CSRF
 *   token (a browser cannot set headers on a WebSocket); the console answers with TERMINAL_PROTOCOL alone.
 * - Browser to console: a binary message is the terminal's input (stdin); a text message is a resize,
 *   `{"type":"resize","cols":80,"rows":24}`.
 * - Console to browser: a binary message is the terminal's output (stdout and stderr); a text message is
 *   one of TerminalEvent, in JSON.
 */

export const TERMINAL_PROTOCOL = 'watchdeck.terminal.v1';
export const CSRF_PROTOCOL_PREFIX = 'csrf.';

/** The largest message a browser may send: a paste arrives as one message; anything larger closes the terminal (1009). */
export const MAX_TERMINAL_MESSAGE_BYTES = 64 * 1024;

export type TerminalAction = 'exec' | 'attach';

/** A console API error body as every route answers it (`{ error }`, and for the API server's 403 its message and the missing permission). */
export interface TerminalErrorBody {
  error: { kind: string; message: string; status?: { code?: number; reason?: string; message?: string } };
  code?: number;
  message?: string;
  missing?: { verb: string; resource: string; subresource: string; group: string; namespace: string; name: string; needed?: string[] } | null;
}

export type TerminalEvent =
  /** The API server accepted the stream, over this channel protocol. */
  | { type: 'open'; protocol: string }
  /** The command ended: the error channel's Status (0 for Success, else the NonZeroExitCode's ExitCode). */
  | { type: 'exit'; code: number }
  /** The stream could not start or ended with an error: the API server's refusal, or the error channel's message. */
  | { type: 'error'; body: TerminalErrorBody }
  /** The console ended the session: nothing typed or printed for `seconds`, or this replica shutting down. */
  | { type: 'closed'; reason: 'idle' | 'shutdown'; seconds?: number };

export interface TerminalResize {
  type: 'resize';
  cols: number;
  rows: number;
}

/** The subprotocols a browser offers: ours, and the CSRF token as `csrf.<token>` (base64url, a valid token in the header's grammar). */
export function terminalProtocols(csrfToken: string): string[] {
  return [TERMINAL_PROTOCOL, `${CSRF_PROTOCOL_PREFIX}${csrfToken}`];
}

/** The CSRF token among the offered subprotocols, or undefined when ours or the token is missing. */
export function csrfFromProtocols(offered: readonly string[]): string | undefined {
  if (!offered.includes(TERMINAL_PROTOCOL)) return undefined;
  const tokens = offered.filter((p) => p.startsWith(CSRF_PROTOCOL_PREFIX));
  return tokens.length === 1 ? tokens[0].slice(CSRF_PROTOCOL_PREFIX.length) : undefined;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A text message from the browser as a resize, or undefined when it is not one (sizes are positive 16-bit integers, as the kubelet takes them). */
export function parseTerminalResize(text: string): TerminalResize | undefined {
  const value = jsonObject(text);
  if (!value) return undefined;
  const { type, cols, rows } = value;
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 0xffff;
  return type === 'resize' && valid(cols) && valid(rows) ? { type, cols, rows } : undefined;
}

/** A text message from the console as an event, or undefined when it is not one. */
export function parseTerminalEvent(text: string): TerminalEvent | undefined {
  const event = jsonObject(text);
  if (!event) return undefined;
  switch (event.type) {
    case 'open':
      return typeof event.protocol === 'string' ? { type: 'open', protocol: event.protocol } : undefined;
    case 'exit':
      return typeof event.code === 'number' ? { type: 'exit', code: event.code } : undefined;
    case 'error':
      return typeof event.body === 'object' && event.body !== null ? { type: 'error', body: event.body as TerminalErrorBody } : undefined;
    case 'closed':
      return event.reason === 'idle' || event.reason === 'shutdown' ? { type: 'closed', reason: event.reason, ...(typeof event.seconds === 'number' ? { seconds: event.seconds } : {}) } : undefined;
    default:
      return undefined;
  }
}

/** The console's path for a pod's exec or attach; exec's command is one `command` parameter per word, as the API server takes it. */
export function terminalPath(cluster: string, namespace: string, pod: string, action: TerminalAction, container: string, command: readonly string[] = []): string {
  const query = new URLSearchParams({ container });
  if (action === 'exec') for (const word of command) query.append('command', word);
  return `/api/v1/clusters/${encodeURIComponent(cluster)}/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/${action}?${query}`;
}
