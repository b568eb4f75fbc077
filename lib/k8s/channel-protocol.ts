/**
 * The Kubernetes WebSocket streaming protocol that exec and attach speak
 * (k8s.io/apimachinery/pkg/util/httpstream/wsstream and
 * k8s.io/client-go/tools/remotecommand): every binary message starts with a
 * channel byte, followed by that channel's bytes.
 *
 * - v4.channel.k8s.io: stdin 0, stdout 1, stderr 2, error 3 (a metav1.Status, once, at the end), resize 4
 *   (`{"Width":80,"Height":24}`).
 * - v5.channel.k8s.io: v4 plus a close signal, channel 255 followed by the stream closed (stdin's end of file).
 */

export const V5_PROTOCOL = 'v5.channel.k8s.io';
export const V4_PROTOCOL = 'v4.channel.k8s.io';
/** Offered best first, as client-go's executor offers them. */
export const STREAM_PROTOCOLS = [V5_PROTOCOL, V4_PROTOCOL] as const;
export type StreamProtocol = (typeof STREAM_PROTOCOLS)[number];

export const Channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;
export type ChannelId = (typeof Channel)[keyof typeof Channel];

/** The first protocol of ours the client offered, in the client's order, as golang.org/x/net/websocket picks. */
export function negotiateProtocol(offered: Iterable<string>): StreamProtocol | undefined {
  for (const protocol of offered) {
    if ((STREAM_PROTOCOLS as readonly string[]).includes(protocol)) return protocol as StreamProtocol;
  }
  return undefined;
}

export function frame(channel: number, data: Uint8Array | string): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const out = new Uint8Array(bytes.length + 1);
  out[0] = channel;
  out.set(bytes, 1);
  return out;
}

export interface ChannelMessage {
  channel: number;
  data: Uint8Array;
}

/** A received message split into its channel and payload; an empty message has no channel and is undefined. */
export function unframe(message: Uint8Array): ChannelMessage | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0], data: message.subarray(1) };
}

/** v5's signal that the sender will write no more on `channel`. */
export function closeSignal(channel: number): Uint8Array {
  return Uint8Array.of(Channel.close, channel);
}

export interface TerminalSize {
  Width: number;
  Height: number;
}

/** A resize message's size, or undefined when it is not a pair of positive 16-bit integers (the kubelet ignores those). */
export function parseResize(data: Uint8Array): TerminalSize | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { Width, Height } = value as Record<string, unknown>;
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 0xffff;
  return valid(Width) && valid(Height) ? { Width, Height } : undefined;
}

/** The Status the error channel carries: Success, or Failure with NonZeroExitCode and the code as an ExitCode cause. */
export interface StreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
  code?: number;
}

export function exitStatus(exitCode: number, command: string[]): StreamStatus {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/**
 * What the error channel's Status means, as client-go's errorDecoderV4 reads it: 0 for Success, the exit code
 * for NonZeroExitCode, else the message (an error the stream ended with, not the command's).
 */
export function readStreamStatus(text: string): { exitCode: number } | { error: string } {
  let status: StreamStatus;
  try {
    status = JSON.parse(text) as StreamStatus;
  } catch {
    return { error: `error stream protocol error: ${JSON.stringify(text)}` };
  }
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.status === 'Failure' && status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (cause && Number.isInteger(code) && code >= 0 && code <= 255) return { exitCode: code };
    return { error: 'error stream protocol error: no ExitCode cause given' };
  }
  if (status.status === 'Failure') return { error: status.message ?? 'error stream protocol error: unknown error' };
  return { error: 'error stream protocol error: unknown error' };
}
