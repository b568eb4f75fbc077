/**
 * Three-way merge of two edits of one dashboard version, for the 409 a stale save gets: what
 * only one side changed is taken from it; a widget both changed differently is kept twice, so
 * that neither edit is lost. Pure.
 */
import { nextFreeRow, type DashboardBody, type Widget } from '@/lib/dashboards/model';

export interface DashboardContent {
  title: string;
  shared: boolean;
  body: DashboardBody;
}

/** A widget as a merge note names it: a text or metric widget by its id, any other by its title (else its id). */
export interface NotedWidget {
  type: Widget['type'];
  id: string;
  title: string;
}

/** Where both sides changed the same thing, and what was done, for the page to say. */
export type MergeNote = { kind: 'title'; mine: string; theirs: string } | { kind: 'timeRange' | 'variables' } | { kind: 'removedChanged' | 'bothChanged' | 'changedRemoved'; widget: NotedWidget };

export interface Merged {
  content: DashboardContent;
  notes: MergeNote[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Theirs unless only mine changed it; when both changed it differently, `onBoth` decides. */
function pick<T>(base: T, mine: T, theirs: T, onBoth: () => T): T {
  if (same(mine, base) || same(mine, theirs)) return theirs;
  if (same(theirs, base)) return mine;
  return onBoth();
}

const PLACEMENT = new Set(['x', 'y', 'width', 'height']);

function noted(w: Widget): NotedWidget {
  return { type: w.type, id: w.id, title: ('title' in w && w.title) || w.id };
}

export function mergeEdits(base: DashboardContent, mine: DashboardContent, theirs: DashboardContent): Merged {
  const notes: MergeNote[] = [];
  const title = pick(base.title, mine.title, theirs.title, () => {
    notes.push({ kind: 'title', mine: mine.title, theirs: theirs.title });
    return mine.title;
  });
  const shared = pick(base.shared, mine.shared, theirs.shared, () => mine.shared);
  const timeRange = pick(base.body.timeRange, mine.body.timeRange, theirs.body.timeRange, () => {
    notes.push({ kind: 'timeRange' });
    return mine.body.timeRange;
  });
  const variables = pick(base.body.variables, mine.body.variables, theirs.body.variables, () => {
    const names = new Set(theirs.body.variables.map((v) => v.name));
    notes.push({ kind: 'variables' });
    return [...theirs.body.variables, ...mine.body.variables.filter((v) => !names.has(v.name))];
  });

  const byId = (ws: Widget[]) => new Map(ws.map((w) => [w.id, w]));
  const b = byId(base.body.widgets);
  const m = byId(mine.body.widgets);
  const widgets: Widget[] = [];
  const copies: Widget[] = [];
  for (const t of theirs.body.widgets) {
    const bw = b.get(t.id);
    const mw = m.get(t.id);
    if (!bw) {
      widgets.push(t);
      if (mw && !same(mw, t)) copies.push(mw);
      continue;
    }
    if (!mw) {
      if (same(t, bw)) continue;
      notes.push({ kind: 'removedChanged', widget: noted(t) });
      widgets.push(t);
      continue;
    }
    const merged = { ...t } as Record<string, unknown>;
    let contentClash = false;
    for (const key of new Set([...Object.keys(bw), ...Object.keys(mw), ...Object.keys(t)])) {
      const k = key as keyof Widget;
      merged[key] = pick(bw[k], mw[k], t[k], () => {
        if (!PLACEMENT.has(key)) contentClash = true;
        return t[k];
      });
      if (merged[key] === undefined) delete merged[key];
    }
    widgets.push(merged as Widget);
    if (contentClash) {
      notes.push({ kind: 'bothChanged', widget: noted(t) });
      copies.push(mw);
    }
  }
  for (const mw of mine.body.widgets) {
    if (b.has(mw.id)) {
      if (!theirs.body.widgets.some((t) => t.id === mw.id) && !same(mw, b.get(mw.id))) {
        notes.push({ kind: 'changedRemoved', widget: noted(mw) });
        widgets.push(mw);
      }
      continue;
    }
    if (!theirs.body.widgets.some((t) => t.id === mw.id)) copies.push(mw);
  }
  const ids = new Set(widgets.map((w) => w.id));
  for (const c of copies) {
    let id = c.id;
    for (let n = 2; ids.has(id); n++) id = `${c.id}-${n}`;
    ids.add(id);
    const overlaps = widgets.some((w) => w.x < c.x + c.width && c.x < w.x + w.width && w.y < c.y + c.height && c.y < w.y + w.height);
    widgets.push({ ...c, id, y: overlaps ? nextFreeRow(widgets) : c.y });
  }
  return { content: { title, shared, body: { timeRange, variables, widgets } }, notes };
}
