import { describe, expect, it } from 'vitest';
import type { PodRow } from '../api/pod-types';
import { sortRows } from './pod-rows';
import { SortedPods } from './sorted-pods';

function row(name: string, extra: Partial<PodRow> = {}): PodRow {
  return {
    name,
    namespace: 'eks-work',
    uid: `uid-${name}`,
    ready: '1/1',
    status: 'Running',
    restarts: 0,
    restartsText: '0',
    createdAt: '2026-11-23T10:00:00Z',
    labels: {},
    severity: 'ok',
    problem: false,
    ...extra,
  };
}

function names(sorted: SortedPods): string[] {
  return sorted.rows.map((r) => r.name);
}

describe('sorted pods', () => {
  it('replaces a row whose sort key did not change at the same index, in the same array', () => {
    const source = new Map([row('a'), row('b', { restarts: 2 }), row('c')].map((r) => [r.uid, r]));
    const sorted = new SortedPods('name', false);
    sorted.reset(source.values());
    const array = sorted.rows;
    const updated = row('b', { restarts: 3, status: 'Error' });
    source.set(updated.uid, updated);
    sorted.apply(source, [updated.uid]);
    expect(sorted.rows).toBe(array);
    expect(sorted.rows[1]).toBe(updated);
    expect(names(sorted)).toEqual(['a', 'b', 'c']);
  });

  it('moves a row whose sort key changed, adds and removes rows by binary search', () => {
    const source = new Map([row('a', { restarts: 1 }), row('b', { restarts: 5 }), row('c', { restarts: 9 })].map((r) => [r.uid, r]));
    const sorted = new SortedPods('restarts', false);
    sorted.reset(source.values());
    source.set('uid-a', row('a', { restarts: 7 }));
    source.delete('uid-c');
    source.set('uid-d', row('d', { restarts: 0 }));
    sorted.apply(source, ['uid-a', 'uid-c', 'uid-d']);
    expect(sorted.rows.map((r) => `${r.name}:${r.restarts}`)).toEqual(['d:0', 'b:5', 'a:7']);
    expect(sorted.names).toEqual(['d', 'b', 'a']);
  });

  it('a large batch merged in gives the same order as sorting everything, either direction', () => {
    for (const descending of [false, true]) {
      const source = new Map<string, PodRow>();
      const sorted = new SortedPods('node', descending);
      sorted.reset([]);
      for (let page = 0; page < 3; page++) {
        const uids: string[] = [];
        for (let i = 0; i < 1000; i++) {
          const r = row(`pod-${(i * 7919 + page * 13) % 5003}-${page}`, { node: `node-${(i * 31) % 97}` });
          source.set(r.uid, r);
          uids.push(r.uid);
        }
        // Some rows of the earlier pages go away and some change node in the same batch.
        for (const uid of [...source.keys()].slice(0, 40)) {
          source.delete(uid);
          uids.push(uid);
        }
        sorted.apply(source, uids);
      }
      expect(sorted.rows).toEqual(sortRows(source.values(), 'node', descending));
      expect(sorted.names).toEqual(sorted.rows.map((r) => r.name));
      expect(sorted.rows.length).toBe(2880);
    }
  });

  it('batches on either side of the splice limit, with ties and removals, keep the order a full sort gives', () => {
    for (const descending of [false, true]) {
      let seed = 11;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const source = new Map<string, PodRow>();
      const sorted = new SortedPods('restarts', descending);
      sorted.reset([]);
      for (let step = 0; step < 60; step++) {
        // 1 to 80 changes: below and above the limit where single moves give way to a merge.
        const changed: string[] = [];
        for (let k = 1 + random(80); k > 0; k--) {
          const uids = [...source.keys()];
          if (uids.length === 0 || random(3) > 0) {
            const r = row(`p${random(500)}-${step}-${k}`, { uid: `u${step}-${k}`, restarts: random(4) });
            source.set(r.uid, r);
            changed.push(r.uid);
          } else {
            const uid = uids[random(uids.length)];
            if (random(2) === 0) source.delete(uid);
            else source.set(uid, { ...source.get(uid)!, restarts: random(4) });
            changed.push(uid);
          }
        }
        sorted.apply(source, changed);
        expect(sorted.rows).toEqual(sortRows(source.values(), 'restarts', descending));
        expect(sorted.names).toEqual(sorted.rows.map((r) => r.name));
      }
      expect(sorted.rows.length).toBeGreaterThan(500);
    }
  });

  it('a pod deleted and created again under its name is told apart by identity', () => {
    const old = row('web', { uid: 'old' });
    const source = new Map<string, PodRow>([[old.uid, old]]);
    const sorted = new SortedPods('name', false);
    sorted.reset(source.values());
    const again = row('web', { uid: 'new' });
    source.set(again.uid, again);
    sorted.apply(source, ['new']);
    source.delete('old');
    sorted.apply(source, ['old']);
    expect(sorted.rows).toEqual([again]);
  });

  it('filters by a lower-cased name and by problems, keeping the order; nothing to filter gives the rows themselves', () => {
    const sorted = new SortedPods('name', false);
    sorted.reset([row('backend-app-1'), row('backend-canary-2', { problem: true }), row('frontend-3', { problem: true })]);
    expect(sorted.filter({ name: ' BACKEND ', problemsOnly: false }).map((r) => r.name)).toEqual(['backend-app-1', 'backend-canary-2']);
    expect(sorted.filter({ name: 'backend', problemsOnly: true }).map((r) => r.name)).toEqual(['backend-canary-2']);
    expect(sorted.filter({ name: '', problemsOnly: false })).toBe(sorted.rows);
  });

  it('a change of order re-sorts the placed rows', () => {
    const sorted = new SortedPods('name', false);
    sorted.reset([row('a', { restarts: 3 }), row('b', { restarts: 1 })]);
    sorted.setOrder('restarts', true);
    expect(names(sorted)).toEqual(['a', 'b']);
    sorted.setOrder('restarts', false);
    expect(names(sorted)).toEqual(['b', 'a']);
  });

  it('keeps the count of problem rows as rows are added, replaced and removed', () => {
    const source = new Map([row('a'), row('b', { problem: true, severity: 'error', status: 'Error' }), row('c')].map((r) => [r.uid, r]));
    const sorted = new SortedPods('name', false);
    sorted.reset(source.values());
    expect(sorted.problems).toBe(1);
    source.set('uid-a', row('a', { problem: true, severity: 'warning', status: 'Pending' }));
    source.delete('uid-b');
    source.set('uid-d', row('d', { problem: true, severity: 'error', status: 'CrashLoopBackOff' }));
    sorted.apply(source, ['uid-a', 'uid-b', 'uid-d']);
    expect(sorted.problems).toBe(2);
    source.set('uid-a', row('a'));
    sorted.apply(source, ['uid-a']);
    expect(sorted.problems).toBe(1);
  });

  it('narrows the previous name filter as the needle grows, and scans again after the rows change or the needle shrinks', () => {
    const source = new Map(['web-1', 'web-12', 'api-1', 'web-2', 'worker-12'].map((n) => row(n)).map((r) => [r.uid, r]));
    const sorted = new SortedPods('name', false);
    sorted.reset(source.values());
    const shown = (name: string, problemsOnly = false) => sorted.filter({ name, problemsOnly }).map((r) => r.name);
    expect(shown('1')).toEqual(['api-1', 'web-1', 'web-12', 'worker-12']);
    expect(shown('12')).toEqual(['web-12', 'worker-12']);
    source.set('uid-api-12', row('api-12'));
    sorted.apply(source, ['uid-api-12']);
    expect(shown('12')).toEqual(['api-12', 'web-12', 'worker-12']);
    expect(shown('-12')).toEqual(['api-12', 'web-12', 'worker-12']);
    expect(shown('1')).toEqual(['api-1', 'api-12', 'web-1', 'web-12', 'worker-12']);
    expect(sorted.filter({ name: '', problemsOnly: false })).toBe(sorted.rows);
    source.set('uid-web-12', row('web-12', { problem: true }));
    sorted.apply(source, ['uid-web-12']);
    expect(shown('', true)).toEqual(['web-12']);
    expect(shown('w', true)).toEqual(['web-12']);
  });

  it('shows replaced rows through a kept name match, and their problem flags as they are now', () => {
    const source = new Map(['web-1', 'web-2', 'api-1'].map((n) => row(n)).map((r) => [r.uid, r]));
    const sorted = new SortedPods('name', false);
    sorted.reset(source.values());
    const shown = (name: string, problemsOnly = false) => sorted.filter({ name, problemsOnly });
    expect(shown('web').map((r) => r.name)).toEqual(['web-1', 'web-2']);
    const failing = row('web-2', { problem: true, status: 'Error', restarts: 4 });
    source.set(failing.uid, failing);
    sorted.apply(source, [failing.uid]);
    expect(shown('web')[1]).toBe(failing);
    expect(shown('web', true)).toEqual([failing]);
    expect(shown('', true)).toEqual([failing]);
  });

  it('filters like a plain substring test after any mix of pages, watch changes and keystrokes', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = 'ab-1';
    const name = () => Array.from({ length: 1 + random(6) }, () => alphabet[random(alphabet.length)]).join('');
    const source = new Map<string, PodRow>();
    const sorted = new SortedPods('restarts', false);
    sorted.reset([]);
    let needle = '';
    for (let step = 0; step < 400; step++) {
      const changed: string[] = [];
      for (let k = random(step % 50 === 0 ? 600 : 4); k >= 0; k--) {
        const uids = [...source.keys()];
        const pick = random(3);
        if (pick === 0 || uids.length === 0) {
          const r = row(`${name()}.${step}.${k}`, { uid: `u${step}-${k}`, restarts: random(5) });
          source.set(r.uid, r);
          changed.push(r.uid);
        } else {
          const uid = uids[random(uids.length)];
          if (pick === 1) source.delete(uid);
          else source.set(uid, { ...source.get(uid)!, restarts: random(5), problem: random(2) === 0 });
          changed.push(uid);
        }
      }
      sorted.apply(source, changed);
      // Type, delete or replace the needle's last character, as a person would.
      const key = random(3);
      needle = key === 0 ? needle + alphabet[random(alphabet.length)] : key === 1 ? needle.slice(0, -1) : needle.slice(0, -1) + alphabet[random(alphabet.length)];
      const problemsOnly = random(4) === 0;
      const expected = sortRows(source.values(), 'restarts', false).filter((r) => r.name.includes(needle) && (!problemsOnly || r.problem));
      expect(sorted.filter({ name: needle, problemsOnly })).toEqual(expected);
    }
  });
});
