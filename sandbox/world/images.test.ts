import { describe, expect, it } from 'vitest';
import type { LogContext } from './app-logs';
import { lookupImage, normalizeImage, pullErrorMessage, shellProgram } from './images';

const ctx: LogContext = { random: () => 0.5, now: new Date('2026-01-01T00:00:05Z'), podName: 'pingpong-7c9d', podIP: '192.168.0.20', namespace: 'eks-work', clientIP: '192.168.0.9' };

describe('image catalog', () => {
  it('expands short names as containerd does', () => {
    expect(normalizeImage('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('gihyodocker/alpine:bash')).toBe('docker.io/gihyodocker/alpine:bash');
    expect(normalizeImage('public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300049.1b929')).toBe('public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300049.1b929');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('knows the catalog images and fails others with not found', () => {
    expect(lookupImage('nginx:1.27')!.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(lookupImage('nginx:1.99')).toBeUndefined();
    expect(pullErrorMessage('566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:9.9')).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:9.9": failed to resolve reference "566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:9.9": 566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:9.9: not found',
    );
  });

  it('runs a pingpong script: two lines ten seconds apart, then exits 0', () => {
    const p = shellProgram({ command: ['/bin/sh'], args: ['-c', 'echo [`date`] ping!\nsleep 10\necho [`date`] pong!\n'] });
    expect(p.startup.map((l) => [l.atMs, l.line(ctx).text])).toEqual([
      [0, '[Thu Jan  1 00:00:05 UTC 2026] ping!'],
      [10_000, '[Thu Jan  1 00:00:05 UTC 2026] pong!'],
    ]);
    expect(p.exit).toMatchObject({ afterMs: 10_000, code: 0 });
  });

  it('loops forever on while true, exits with the script code, and reports unknown commands', () => {
    const loop = shellProgram({ command: ['sh', '-c', 'while true; do echo working; sleep 30; done'] });
    expect(loop.exit).toBeUndefined();
    expect(loop.activity!.everyMs).toBe(30_000);
    expect(loop.activity!.burst(ctx, 1)).toEqual([{ text: 'working' }]);
    expect(shellProgram({ command: ['sh', '-c', 'exit 1'] }).exit).toMatchObject({ code: 1 });
    const missing = shellProgram({ command: ['sh', '-c', 'curl http://backend-app'] });
    expect(missing.exit).toMatchObject({ code: 127 });
    expect(missing.startup[0].line(ctx)).toEqual({ text: 'sh: curl: not found', stream: 'stderr' });
    expect(shellProgram({ command: ['sleep', 'infinity'] }).exit).toBeUndefined();
    // `kubectl run -i --image=busybox -- sh`: the shell waits on the open stdin for attach; without stdin it reads EOF and ends.
    expect(shellProgram({ command: ['sh'], stdin: true }).exit).toBeUndefined();
    expect(shellProgram({ command: ['sh'] }).exit).toMatchObject({ code: 0 });
  });
});
