import { describe, expect, it } from 'vitest';
import { MAX_RECENT, readRecent, rememberRecent } from './recent';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v), values };
}

const item = (n: number) => ({ href: `/c/prod/pods/ns/p${n}`, label: `p${n}`, detail: 'Pod in ns' });

describe('the palette remembers recent places', () => {
  it('puts the latest first, keeps one copy of a place and at most MAX_RECENT', () => {
    const storage = memoryStorage();
    for (let n = 0; n < MAX_RECENT + 2; n++) rememberRecent(storage, 'prod', item(n));
    rememberRecent(storage, 'prod', item(5));
    const recent = readRecent(storage, 'prod');
    expect(recent.map((r) => r.label)).toEqual(['p5', 'p9', 'p8', 'p7', 'p6', 'p4', 'p3', 'p2']);
  });

  it('keeps each cluster apart', () => {
    const storage = memoryStorage();
    rememberRecent(storage, 'prod', item(1));
    expect(readRecent(storage, 'staging')).toEqual([]);
  });

  it('drops stored entries that are not console paths, and survives a corrupt store', () => {
    const stored = [item(1), { href: 'https://evil.example/', label: 'x', detail: 'y' }, { href: '//evil.example/c/', label: 'x', detail: 'y' }, { href: '/c/prod', label: 3 }, null];
    expect(readRecent(memoryStorage({ 'watchdeck.palette.recent.prod': JSON.stringify(stored) }), 'prod')).toEqual([item(1)]);
    expect(readRecent(memoryStorage({ 'watchdeck.palette.recent.prod': '{not json' }), 'prod')).toEqual([]);
  });
});
