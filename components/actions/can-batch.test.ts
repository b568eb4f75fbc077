import { describe, expect, it } from 'vitest';
import type { CanCheck } from '@/server/k8s/can';
import { canBatcher, MAX_CHECKS } from './can-batch';

const patch = (name: string): CanCheck => ({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'eks-work', name });
const allowedIfEven = (checks: CanCheck[]) => checks.map((c) => ({ allowed: Number(c.name!.slice(1)) % 2 === 0 }));

describe('checks asked in one tick go as one request', () => {
  it('sends the checks of every caller in the same tick once each, and gives each caller its answers in its order', async () => {
    const sent: CanCheck[][] = [];
    let flush: () => void = () => {};
    const load = canBatcher(
      async (_cluster, checks) => {
        sent.push(checks);
        return allowedIfEven(checks);
      },
      (f) => (flush = f),
    );
    const bar = load('sandbox', [patch('d0'), patch('d1')]);
    const edit = load('sandbox', [patch('d1'), patch('d2')]);
    flush();
    expect(await bar).toEqual([{ allowed: true }, { allowed: false }]);
    expect(await edit).toEqual([{ allowed: false }, { allowed: true }]);
    expect(sent).toEqual([[patch('d0'), patch('d1'), patch('d2')]]);
  });

  it('splits more than the limit into requests the console accepts, and keeps clusters apart', async () => {
    const sent: { cluster: string; n: number }[] = [];
    const flushes: (() => void)[] = [];
    const load = canBatcher(
      async (cluster, checks) => {
        sent.push({ cluster, n: checks.length });
        return allowedIfEven(checks);
      },
      (f) => flushes.push(f),
    );
    const many = Array.from({ length: MAX_CHECKS + 6 }, (_, i) => patch(`d${i}`));
    const big = load('sandbox', many);
    const other = load('prod', [patch('d3')]);
    flushes.forEach((f) => f());
    expect((await big).map((r) => r.allowed)).toEqual(many.map((_, i) => i % 2 === 0));
    expect(await other).toEqual([{ allowed: false }]);
    expect(sent).toEqual([
      { cluster: 'sandbox', n: 64 },
      { cluster: 'sandbox', n: 6 },
      { cluster: 'prod', n: 1 },
    ]);
  });

  it('fails every caller of a batch when the request fails', async () => {
    let flush: () => void = () => {};
    const load = canBatcher(
      async () => {
        throw new Error('403');
      },
      (f) => (flush = f),
    );
    const a = load('sandbox', [patch('d0')]);
    const b = load('sandbox', [patch('d1')]);
    flush();
    await expect(a).rejects.toThrow('403');
    await expect(b).rejects.toThrow('403');
  });
});
