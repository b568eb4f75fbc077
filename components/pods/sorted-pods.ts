/**
 * The pods page's rows in display order, kept sorted as pages and watch events arrive instead of
 * sorted again per batch: a change that keeps a row's place replaces it where it is, a few changes
 * move rows by binary search, and a large batch (a page of the first listing) is sorted on its own
 * and merged in. `rows` is one array, changed in place; `names` holds each row's lower-case name at
 * the same index for the name filter.
 */
import type { PodRow } from '../api/pod-types';
import { compareRows, sortRows, type RowFilter } from './pod-rows';
import type { PodColumn } from './view';

/** Above this share of the rows, merging a sorted batch costs less than moving rows one by one. */
const MERGE_SHARE = 1 / 32;
const MERGE_MIN = 256;

export class SortedPods {
  readonly rows: PodRow[] = [];
  readonly names: string[] = [];
  /** How many rows are problems, kept as rows come and go rather than counted per render. */
  problems = 0;
  private readonly placed = new Map<string, PodRow>();
  private compare: (a: PodRow, b: PodRow) => number;
  /** Bumped by every change of the rows: a filter result from an older one is not reused. */
  private changes = 0;
  /** The last filter's result (indexes into `rows`), which a longer name needle narrows instead of scanning every row. */
  private last?: { changes: number; needle: string; problemsOnly: boolean; indexes: number[] };

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
    this.changes += 1;
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
      this.changes += 1;
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
    if (removed.length + added.length > Math.max(MERGE_MIN, this.rows.length * MERGE_SHARE)) {
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
   * The rows passing the page's filters, in order; the rows themselves when nothing filters. Typing
   * on in the name filter narrows the previous result while the rows have not changed.
   */
  filter(filter: RowFilter): PodRow[] {
    const needle = filter.name.trim().toLowerCase();
    const { problemsOnly } = filter;
    if (!needle && !problemsOnly) {
      this.last = undefined;
      return this.rows;
    }
    const { rows, names, last } = this;
    const indexes: number[] = [];
    const keep = (i: number) => (!needle || names[i].includes(needle)) && (!problemsOnly || rows[i].problem);
    if (last && last.changes === this.changes && last.problemsOnly === problemsOnly && needle.includes(last.needle)) {
      for (const i of last.indexes) if (keep(i)) indexes.push(i);
    } else {
      for (let i = 0; i < rows.length; i++) if (keep(i)) indexes.push(i);
    }
    this.last = { changes: this.changes, needle, problemsOnly, indexes };
    return indexes.map((i) => rows[i]);
  }

  /** Drops the removed rows and merges the sorted added ones in, from the back, in the same arrays. */
  private merge(removed: PodRow[], added: PodRow[]): void {
    const { rows, names } = this;
    const gone = new Set(removed);
    let kept = 0;
    for (let i = 0; i < rows.length; i++) {
      if (gone.has(rows[i])) continue;
      rows[kept] = rows[i];
      names[kept] = names[i];
      kept += 1;
    }
    const incoming = sortRows(added, this.sort, this.descending);
    let write = kept + incoming.length - 1;
    rows.length = names.length = kept + incoming.length;
    let i = kept - 1;
    let j = incoming.length - 1;
    while (j >= 0) {
      if (i >= 0 && this.compare(rows[i], incoming[j]) > 0) {
        rows[write] = rows[i];
        names[write] = names[i];
        i -= 1;
      } else {
        rows[write] = incoming[j];
        names[write] = incoming[j].name.toLowerCase();
        j -= 1;
      }
      write -= 1;
    }
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
