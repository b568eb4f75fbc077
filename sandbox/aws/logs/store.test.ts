import { describe, expect, it } from 'vitest';
import { eventBytes, LogStore, pointer } from './store';

const T0 = Date.UTC(2026, 0, 1);

describe('the log store stays bounded', () => {
  it('trims a stream back to maxStreamEvents, oldest first, once it passes a quarter more', () => {
    const store = new LogStore({ now: () => T0, maxStreamEvents: 100 });
    for (let i = 0; i < 130; i++) store.put('g', 's', [{ timestamp: T0 + i, message: `m${i}` }]);
    const s = store.group('g')!.streams.get('s')!;
    // The 126th event trimmed the stream to 100 (m26..m125); four more followed.
    expect([s.length, s.messages[0], s.dropped]).toEqual([104, 'm26', 26]);
    expect(store.group('g')!.storedBytes).toBe(s.messages.reduce((n, m) => n + eventBytes(m), 0));
  });

  it('drops a group oldest events across streams once it passes maxGroupBytes', () => {
    const store = new LogStore({ now: () => T0 + 1000, maxGroupBytes: 10_000 });
    const message = 'x'.repeat(74); // 100 bytes stored each
    for (let i = 0; i < 150; i++) store.put('g', `s${i % 3}`, [{ timestamp: T0 + i, message }]);
    const group = store.group('g')!;
    expect(group.storedBytes).toBeLessThanOrEqual(10_000);
    const oldest = Math.min(...[...group.streams.values()].map((s) => s.timestamps[0]));
    const kept = [...group.streams.values()].reduce((n, s) => n + s.length, 0);
    expect(kept).toBe(group.storedBytes / 100);
    // What is left is the newest events: everything from the oldest kept on.
    expect(kept).toBe(150 - (oldest - T0));
  });

  it('resolves a pointer until its event is dropped', () => {
    const store = new LogStore({ now: () => T0, maxStreamEvents: 4 });
    store.put('g', 's', [{ timestamp: T0, message: 'first' }]);
    const group = store.group('g')!;
    const stream = group.streams.get('s')!;
    const ptr = pointer(group, stream, 0);
    expect(store.resolve(ptr)).toEqual({ group, stream, index: 0 });
    store.put(
      'g',
      's',
      Array.from({ length: 5 }, (_, i) => ({ timestamp: T0 + i + 1, message: `m${i}` })),
    );
    expect(store.resolve(ptr)).toBeUndefined();
    expect(store.resolve('not a pointer')).toBeUndefined();
  });
});
