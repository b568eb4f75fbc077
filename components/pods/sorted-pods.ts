/**
 * The pods page's rows in display order, kept sorted as pages and watch events arrive instead of
 * sorted again per batch: a change that keeps a row's place replaces it where it is, a few changes
 * move rows by binary search, and a large batch (a page of the first listing) is sorted on its own
 * and merged in. `rows` is one array, changed in place; `names` holds each row's lower-case name at
 * the same index for the name filter.
 *
 * The name filter keeps its recent results while the rows keep their places, so a watch event that
 * only replaces rows, or a keystroke that returns to an earlier needle, costs no scan of every name.
 */
import type { PodRow } from '../api/pod-types';
import { compareRows, sortRows, type RowFilter } from './pod-rows';
import type { PodColumn } from './view';

/**
 * Up to this many rows coming and going, each moves by binary search and splice; beyond it they are
 * merged in one pass. A splice moves every row after it, so its cost grows with the rows, not the batch.
 */
const SPLICE_MAX = 32;
/** Name-filter results kept for the current layout: the needles typed on the way to the current one. */
const KEPT_MATCHES = 16;

interface NameMatches {
  needle: string;
  indexes: Int32Array;
}

export class SortedPods {
  readonly rows: PodRow[] = [];
  readonly names: string[] = [];
  /** How many rows are problems, kept as rows come and go rather than counted per render. */
  problems = 0;
  private readonly placed = new Map<string, PodRow>();
  private compare: (a: PodRow, b: PodRow) => number;
  /** Bumped when rows are added, removed or moved: name matches (indexes into `rows`) from an older layout are dropped. */
  private layout = 0;
  private matches: NameMatches[] = [];
  private matchesLayout = -1;

  constructor(
    private sort: PodColumn = 'name',
    private descending = false,
  ) {
    this.compare = compareRows(sort, descending);
  }

  /** Every row again, from the source, in the given order. */
  reset(source: Iterable<PodRow>, sort: PodColumn = this.sort, descending: boolean = this.descending): void {
    this.sort = sort;
    this.descending = descending;
    this.compare = compareRows(sort, descending);
    this.placed.clear();
    const sorted = sortRows(source, sort, descending);
    this.rows.length = 0;
    this.names.length = 0;
    this.layout += 1;
    this.problems = 0;
    for (const row of sorted) {
      if (row.problem) this.problems += 1;
      this.placed.set(row.uid, row);
      this.rows.push(row);
      this.names.push(row.name.toLowerCase());
    }
  }

  /** A different order re-sorts what is placed; the same order does nothing. */
  setOrder(sort: PodColumn, descending: boolean): void {
    if (sort !== this.sort || descending !== this.descending) this.reset([...this.rows], sort, descending);
  }

  /** Brings the rows in step with the source for the uids that changed in it (added, replaced or gone). */
  apply(source: ReadonlyMap<string, PodRow>, changed: Iterable<string>): void {
    const removed: PodRow[] = [];
    const added: PodRow[] = [];
    for (const uid of changed) {
      const before = this.placed.get(uid);
      const after = source.get(uid);
      if (before === after) continue;
      this.problems += (after?.problem ? 1 : 0) - (before?.problem ? 1 : 0);
      if (before && after && this.compare(before, after) === 0) {
        // Same place in the order: replaced where it stands.
        const index = this.indexOf(before);
        this.rows[index] = after;
        this.names[index] = after.name.toLowerCase();
        this.placed.set(uid, after);
        continue;
      }
      if (before) removed.push(before);
      if (after) added.push(after);
      if (after) this.placed.set(uid, after);
      else this.placed.delete(uid);
    }
    if (removed.length + added.length === 0) return;
    this.layout += 1;
    if (removed.length + added.length > SPLICE_MAX) {
      this.merge(removed, added);
      return;
    }
    for (const row of removed) {
      const index = this.indexOf(row);
      this.rows.splice(index, 1);
      this.names.splice(index, 1);
    }
    for (const row of added) {
      const index = this.upperBound(row);
      this.rows.splice(index, 0, row);
      this.names.splice(index, 0, row.name.toLowerCase());
    }
  }

  /**
   * The rows passing the page's filters, in order; the rows themselves when nothing filters them out.
   * Typing on in the name filter narrows an earlier result; going back to an earlier needle reuses it.
   */
  filter(filter: RowFilter): PodRow[] {
    const needle = filter.name.trim().toLowerCase();
    const { problemsOnly } = filter;
    const { rows } = this;
    if (!needle && !problemsOnly) return rows;
    const shown: PodRow[] = [];
    if (needle) {
      const indexes = this.nameMatches(needle);
      if (!problemsOnly && indexes.length === rows.length) return rows;
      for (const i of indexes) if (!problemsOnly || rows[i].problem) shown.push(rows[i]);
    } else {
      for (const row of rows) if (row.problem) shown.push(row);
    }
    return shown;
  }

  /** The indexes of the rows whose name holds the needle, ascending. */
  private nameMatches(needle: string): Int32Array {
    if (this.matchesLayout !== this.layout) {
      this.matches = [];
      this.matchesLayout = this.layout;
    }
    let from: NameMatches | undefined;
    for (const kept of this.matches) {
      if (kept.needle === needle) return kept.indexes;
      if (needle.includes(kept.needle) && (!from || kept.indexes.length < from.indexes.length)) from = kept;
    }
    const indexes = this.matching(needle, from?.indexes);
    this.matches.push({ needle, indexes });
    if (this.matches.length > KEPT_MATCHES) this.matches.shift();
    return indexes;
  }

  /** The names holding the needle, among those at `within` (ascending indexes) or all of them. */
  private matching(needle: string, within?: Int32Array): Int32Array {
    const { names } = this;
    const size = within ? within.length : names.length;
    const out = new Int32Array(size);
    let count = 0;
    for (let k = 0; k < size; k++) {
      const i = within ? within[k] : k;
      if (names[i].includes(needle)) out[count++] = i;
    }
    return out.slice(0, count);
  }

  /**
   * Drops the removed rows and merges the sorted added ones in, from the back, in the same arrays.
   * Each added row finds its place among the kept rows by galloping back from the last place, so a
   * batch of k rows into n costs about k·log(n/k) comparisons and one move of each kept row.
   */
  private merge(removed: PodRow[], added: PodRow[]): void {
    const { rows, names } = this;
    let kept = rows.length;
    if (removed.length) {
      const gone = new Set(removed);
      kept = 0;
      for (let i = 0; i < rows.length; i++) {
        if (gone.has(rows[i])) continue;
        rows[kept] = rows[i];
        names[kept] = names[i];
        kept += 1;
      }
    }
    const incoming = sortRows(added, this.sort, this.descending);
    rows.length = names.length = kept;
    // Grown by pushes, not by length: the arrays stay packed.
    for (const row of incoming) {
      rows.push(row);
      names.push('');
    }
    // rows[0, end) are kept rows not yet moved; rows[write, length) are placed.
    let end = kept;
    let write = rows.length;
    for (let j = incoming.length - 1; j >= 0; j--) {
      const row = incoming[j];
      const at = this.placeBefore(row, end);
      for (let i = end - 1; i >= at; i--) {
        write -= 1;
        rows[write] = rows[i];
        names[write] = names[i];
      }
      end = at;
      write -= 1;
      rows[write] = row;
      names[write] = row.name.toLowerCase();
    }
  }

  /** The first index in [0, end) whose row sorts after `row`, searched from `end` backwards in growing steps. */
  private placeBefore(row: PodRow, end: number): number {
    let high = end;
    let step = 1;
    while (high > 0 && this.compare(this.rows[Math.max(0, high - step)], row) > 0) {
      high = Math.max(0, high - step);
      step *= 2;
    }
    // rows[high, end) sort after `row`; the place is in [high - step, high].
    let low = Math.max(0, high - step);
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(this.rows[mid], row) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The first index whose row does not sort before `row`. */
  private lowerBound(row: PodRow): number {
    let low = 0;
    let high = this.rows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(this.rows[mid], row) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The first index whose row sorts after `row`. */
  private upperBound(row: PodRow): number {
    let low = 0;
    let high = this.rows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(this.rows[mid], row) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Where a placed row stands; equal keys (a pod deleted and created again under its name) are told apart by identity. */
  private indexOf(row: PodRow): number {
    for (let index = this.lowerBound(row); index < this.rows.length; index++) {
      if (this.rows[index] === row) return index;
    }
    throw new Error(`pod ${row.namespace}/${row.name} is not in the sorted rows`);
  }
}
