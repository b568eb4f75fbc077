import { describe, expect, it } from 'vitest';
import { QueryQueue } from './queue';

describe('QueryQueue', () => {
  it('starts at most the limit and says how many queries each waiting one is queued behind', () => {
    const q = new QueryQueue<string>(2);
    ['a', 'b', 'c', 'd'].forEach((x) => q.add(x));
    expect(q.startable()).toEqual(['a', 'b']);
    expect(q.queuedBehind('c')).toBe(2);
    expect(q.queuedBehind('d')).toBe(3);
    expect(q.queuedBehind('a')).toBeUndefined();
  });

  it('starts the next in line when a running query ends, and forgets a cancelled waiting one', () => {
    const q = new QueryQueue<string>(1);
    ['a', 'b', 'c'].forEach((x) => q.add(x));
    expect(q.startable()).toEqual(['a']);
    q.remove('b');
    expect(q.queuedBehind('c')).toBe(1);
    q.remove('a');
    expect(q.startable()).toEqual(['c']);
    expect(q.size).toEqual({ running: 1, waiting: 0 });
  });

  it('puts a query the service refused for the quota back at the front', () => {
    const q = new QueryQueue<string>(2);
    ['a', 'b', 'c'].forEach((x) => q.add(x));
    q.startable();
    q.retry('b');
    expect(q.queuedBehind('b')).toBe(1);
    expect(q.queuedBehind('c')).toBe(2);
  });
});
