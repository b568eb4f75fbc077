import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/dashboards/model';
import { mergeEdits, type DashboardContent } from './merge';

const text = (id: string, markdown: string, x = 0, y = 0): Widget => ({ id, type: 'text', x, y, width: 6, height: 3, markdown });
const content = (widgets: Widget[], title = 'Backend'): DashboardContent => ({ title, shared: false, body: { timeRange: { kind: 'relative', seconds: 3600 }, variables: [], widgets } });

describe('merging two edits of one version', () => {
  const base = content([text('a', 'A'), text('b', 'B', 6)]);

  it('keeps a widget each side added and a move from one side with a rename from the other', () => {
    const mine = content([text('a', 'A', 12), text('b', 'B', 6), text('mine', 'added in tab 1', 0, 3)]);
    const theirs = content([text('a', 'A renamed'), text('b', 'B', 6), text('theirs', 'added in tab 2', 0, 3)], 'Backend (team)');
    const { content: merged, notes } = mergeEdits(base, mine, theirs);
    expect(notes).toEqual([]);
    expect(merged.title).toBe('Backend (team)');
    expect(merged.body.widgets).toEqual([text('a', 'A renamed', 12), text('b', 'B', 6), text('theirs', 'added in tab 2', 0, 3), text('mine', 'added in tab 1', 0, 6)]);
  });

  it('a widget both changed differently is kept twice: theirs in place, yours below', () => {
    const mine = content([text('a', 'mine'), text('b', 'B', 6)]);
    const theirs = content([text('a', 'theirs'), text('b', 'B', 6)]);
    const { content: merged, notes } = mergeEdits(base, mine, theirs);
    expect(merged.body.widgets).toEqual([text('a', 'theirs'), text('b', 'B', 6), text('a-2', 'mine', 0, 3)]);
    expect(notes).toEqual([{ kind: 'bothChanged', widget: { type: 'text', id: 'a', title: 'a' } }]);
  });

  it('a removal on one side and a change on the other keeps the change', () => {
    const mine = content([text('b', 'B', 6)]);
    const theirs = content([text('a', 'changed'), text('b', 'B', 6)]);
    expect(mergeEdits(base, mine, theirs).content.body.widgets).toEqual([text('a', 'changed'), text('b', 'B', 6)]);
    expect(mergeEdits(base, theirs, mine).content.body.widgets).toEqual([text('b', 'B', 6), text('a', 'changed')]);
  });

  it('a removal on one side of an untouched widget removes it', () => {
    const mine = content([text('b', 'B', 6)]);
    expect(mergeEdits(base, mine, base).content.body.widgets).toEqual([text('b', 'B', 6)]);
    expect(mergeEdits(base, base, mine).content.body.widgets).toEqual([text('b', 'B', 6)]);
  });

  it('both renaming the dashboard keeps yours and says so', () => {
    const { content: merged, notes } = mergeEdits(base, content(base.body.widgets, 'Mine'), content(base.body.widgets, 'Theirs'));
    expect([merged.title, notes]).toEqual(['Mine', [{ kind: 'title', mine: 'Mine', theirs: 'Theirs' }]]);
  });
});
