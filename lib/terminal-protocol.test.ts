import { describe, expect, it } from 'vitest';
import { csrfFromProtocols, parseTerminalEvent, parseTerminalResize, terminalPath, terminalProtocols } from './terminal-protocol';

describe('the terminal protocol', () => {
  it('carries the CSRF token as a second subprotocol and reads it back only beside ours', () => {
    const offered = terminalProtocols('AbC-_9');
    expect(offered).toEqual(['watchdeck.terminal.v1', 'csrf.AbC-_9']);
    expect(csrfFromProtocols(offered)).toBe('AbC-_9');
    expect(csrfFromProtocols(['csrf.AbC-_9'])).toBeUndefined();
    expect(csrfFromProtocols(['watchdeck.terminal.v1'])).toBeUndefined();
    // Two tokens are no token: the console does not pick one.
    expect(csrfFromProtocols(['watchdeck.terminal.v1', 'csrf.a', 'csrf.b'])).toBeUndefined();
  });

  it('takes a resize of positive 16-bit sizes only, as the kubelet does', () => {
    expect(parseTerminalResize('{"type":"resize","cols":80,"rows":24}')).toEqual({ type: 'resize', cols: 80, rows: 24 });
    expect(parseTerminalResize('{"type":"resize","cols":65535,"rows":1}')).toEqual({ type: 'resize', cols: 65535, rows: 1 });
    for (const text of [
      '{"type":"resize","cols":65536,"rows":24}',
      '{"type":"resize","cols":0,"rows":24}',
      '{"type":"resize","cols":8.5,"rows":24}',
      '{"cols":80,"rows":24}',
      'null',
      '[]',
      'resize',
    ]) {
      expect(parseTerminalResize(text)).toBeUndefined();
    }
  });

  it('reads the console’s events and nothing else', () => {
    expect(parseTerminalEvent('{"type":"exit","code":3}')).toEqual({ type: 'exit', code: 3 });
    expect(parseTerminalEvent('{"type":"open","protocol":"v4.channel.k8s.io"}')).toEqual({ type: 'open', protocol: 'v4.channel.k8s.io' });
    expect(parseTerminalEvent('{"type":"closed","reason":"idle","seconds":1800}')).toEqual({ type: 'closed', reason: 'idle', seconds: 1800 });
    expect(parseTerminalEvent('{"type":"error","body":{"error":{"kind":"Status","message":"m"}}}')).toEqual({ type: 'error', body: { error: { kind: 'Status', message: 'm' } } });
    expect(parseTerminalEvent('{"type":"exit","code":"3"}')).toBeUndefined();
    expect(parseTerminalEvent('{"type":"closed","reason":"bored"}')).toBeUndefined();
    expect(parseTerminalEvent('not json')).toBeUndefined();
  });

  it('puts each word of the command in its own parameter, and none for attach', () => {
    expect(terminalPath('eks-work-cluster', 'eks-work', 'backend-app-1', 'exec', 'backend-app', ['sh', '-c', 'echo a&b'])).toBe(
      '/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/backend-app-1/exec?container=backend-app&command=sh&command=-c&command=echo+a%26b',
    );
    expect(terminalPath('a/b', 'ns', 'p', 'attach', 'c', ['ignored'])).toBe('/api/v1/clusters/a%2Fb/namespaces/ns/pods/p/attach?container=c');
  });
});
