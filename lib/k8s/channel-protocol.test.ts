/**
 * The channel protocol as client-go's remotecommand and apimachinery's wsstream define it:
 * channel byte first, v5's close signal 255+stream, the error channel's Status decoded as errorDecoderV4 does.
 */
import { describe, expect, it } from 'vitest';
import { closeSignal, exitStatus, frame, negotiateProtocol, parseResize, readStreamStatus, unframe } from './channel-protocol';

describe('channel protocol', () => {
  it('picks v5 or v4 in the order the client offered them, and nothing else', () => {
    expect(negotiateProtocol(['v5.channel.k8s.io', 'v4.channel.k8s.io'])).toBe('v5.channel.k8s.io');
    expect(negotiateProtocol(['v3.channel.k8s.io', 'v4.channel.k8s.io'])).toBe('v4.channel.k8s.io');
    expect(negotiateProtocol(['base64.channel.k8s.io'])).toBeUndefined();
  });

  it('frames and unframes a channel’s bytes', () => {
    expect([...frame(1, 'hi')]).toEqual([1, 104, 105]);
    expect(unframe(Uint8Array.of(2, 120))).toEqual({ channel: 2, data: Uint8Array.of(120) });
    expect(unframe(new Uint8Array())).toBeUndefined();
    expect([...closeSignal(0)]).toEqual([255, 0]);
  });

  it('reads a resize only when both sides are positive 16-bit integers', () => {
    expect(parseResize(new TextEncoder().encode('{"Width":120,"Height":40}'))).toEqual({ Width: 120, Height: 40 });
    expect(parseResize(new TextEncoder().encode('{"Width":0,"Height":40}'))).toBeUndefined();
    expect(parseResize(new TextEncoder().encode('{"Width":70000,"Height":40}'))).toBeUndefined();
    expect(parseResize(new TextEncoder().encode('not json'))).toBeUndefined();
  });

  it('round-trips exit codes through the error channel’s Status, and passes other failures’ messages on', () => {
    expect(exitStatus(0, ['sh'])).toEqual({ metadata: {}, status: 'Success' });
    expect(readStreamStatus(JSON.stringify(exitStatus(3, ['sh', '-c', 'exit 3'])))).toEqual({ exitCode: 3 });
    expect(readStreamStatus(JSON.stringify(exitStatus(0, ['true'])))).toEqual({ exitCode: 0 });
    expect(
      readStreamStatus('{"metadata":{},"status":"Failure","message":"Internal error occurred: unable to upgrade connection: container not found (\\"app\\")","reason":"InternalError","code":500}'),
    ).toEqual({
      error: 'Internal error occurred: unable to upgrade connection: container not found ("app")',
    });
    expect(readStreamStatus('{"metadata":{},"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"256"}]}}')).toEqual({
      error: 'error stream protocol error: no ExitCode cause given',
    });
  });
});
