import { describe, expect, it } from 'vitest';
import { QueryQueue } from './queue';

/** Items are `<owner>:<name>`. */
const byOwner = (item: string) => item.split(':')[0];

describe('QueryQueue', () => {
  it('starts at most the limit and says how many queries each waiting one is queued behind', () => {
    const q = new QueryQueue<string>(2, byOwner);
    ['u:a', 'u:b', 'u:c', 'u:d'].forEach((x) => q.add(x));
    expect(q.startable()).toEqual(['u:a', 'u:b']);
    expect(q.queuedBehind('u:c')).toBe(2);
    expect(q.queuedBehind('u:d')).toBe(3);
    expect(q.queuedBehind('u:a')).toBeUndefined();
  });

  it('starts the next in line when a running query ends, and forgets a cancelled waiting one', () => {
    const q = new QueryQueue<string>(1, byOwner);
    ['u:a', 'u:b', 'u:c'].forEach((x) => q.add(x));
    expect(q.startable()).toEqual(['u:a']);
    q.remove('u:b');
    expect(q.queuedBehind('u:c')).toBe(1);
    q.remove('u:a');
    expect(q.startable()).toEqual(['u:c']);
    expect(q.size).toEqual({ running: 1, waiting: 0 });
  });

  it('puts a query the service refused for the quota back at the front', () => {
    const q = new QueryQueue<string>(2, byOwner);
    ['u:a', 'u:b', 'u:c'].forEach((x) => q.add(x));
    q.startable();
    q.retry('u:b');
    expect(q.queuedBehind('u:b')).toBe(1);
    expect(q.queuedBehind('u:c')).toBe(2);
  });

  it("serves the owners' lanes in turn: a hundred waiting queries hold another owner's first back by one turn", () => {
    const q = new QueryQueue<string>(2, byOwner);
    for (let i = 0; i < 100; i++) q.add(`dev:${i}`);
    expect(q.startable()).toEqual(['dev:0', 'dev:1']);
    q.add('oncall:first');
    // Two running, then dev's turn, then oncall's.
    expect(q.queuedBehind('oncall:first')).toBe(3);
    expect(q.queuedBehind('dev:2')).toBe(2);
    expect(q.queuedBehind('dev:3')).toBe(4);
    q.remove('dev:0');
    q.remove('dev:1');
    expect(q.startable()).toEqual(['dev:2', 'oncall:first']);
  });

  it('alternates between owners and gives a refused query its turn back', () => {
    const q = new QueryQueue<string>(4, byOwner);
    ['a:1', 'a:2', 'a:3', 'b:1', 'b:2', 'c:1'].forEach((x) => q.add(x));
    expect(q.startable()).toEqual(['a:1', 'b:1', 'c:1', 'a:2']);
    q.retry('c:1');
    expect(q.queuedBehind('c:1')).toBe(3);
    q.remove('a:1');
    q.remove('b:1');
    expect(q.startable()).toEqual(['c:1', 'b:2', 'a:3']);
  });

  it("counts an owner's running and waiting queries", () => {
    const q = new QueryQueue<string>(1, byOwner);
    ['a:1', 'a:2', 'b:1'].forEach((x) => q.add(x));
    q.startable();
    expect([q.held('a'), q.held('b'), q.held('c')]).toEqual([2, 1, 0]);
  });

  it('says whether anyone but an owner has a query waiting', () => {
    const q = new QueryQueue<string>(1, byOwner);
    ['a:1', 'a:2'].forEach((x) => q.add(x));
    q.startable();
    expect([q.othersWait('a'), q.othersWait('b')]).toEqual([false, true]);
    q.add('b:1');
    expect(q.othersWait('a')).toBe(true);
  });
});
