/** Filtering and sorting of pod rows in the page: pure, so the same rules hold at 150,000 rows as in tests. */
import { humanDuration } from '@/lib/k8s/human-duration';
import type { PodRow } from '../api/pod-types';
import type { PodColumn } from './view';

/** A problem is what the overview calls one: a warning or error severity, as the server computes it. */
export function isProblem(row: Pick<PodRow, 'problem'>): boolean {
  return row.problem;
}

/** kubectl's RESTARTS column: "5 (3m ago)" once a container has restarted; `withAge` words it in the page's language. */
export function restartsText(row: Pick<PodRow, 'restarts' | 'lastRestartAt'>, now: number, withAge: (count: number, age: string) => string): string {
  if (!row.restarts || !row.lastRestartAt) return String(row.restarts);
  // The page's clock ticks every few seconds; a restart newer than it reads as just now, not as kubectl's "<invalid>" for clock skew.
  return withAge(row.restarts, humanDuration(Math.max(0, now - Date.parse(row.lastRestartAt))));
}

/** A pod IP as a number for ordering (IPv4), or the text for anything else. */
function ipKey(ip: string | undefined): number | string {
  if (!ip) return -1;
  const parts = ip.split('.');
  if (parts.length !== 4) return ip;
  return ((Number(parts[0]) * 256 + Number(parts[1])) * 256 + Number(parts[2])) * 256 + Number(parts[3]);
}

/** Plain code-unit order, as kubectl sorts names; a collator is too slow for 150,000 rows. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === 'number' ? -1 : 1;
}

/** Keys that cost a parse: a sort computes them once per row. Newest first reads as the smallest age. */
const parsedKeys: Partial<Record<PodColumn, (row: PodRow) => number | string>> = {
  age: (row) => -Date.parse(row.createdAt) || 0,
  ip: (row) => ipKey(row.podIP),
};

const byKey = (key: (row: PodRow) => number | string) => (a: PodRow, b: PodRow) => compareKeys(key(a), key(b));

/**
 * Each column's order, field by field: merging streamed pages into 150,000 sorted rows compares
 * millions of times, so no comparison builds a string.
 */
const columnOrders: Record<PodColumn, (a: PodRow, b: PodRow) => number> = {
  name: (a, b) => compareText(a.name, b.name) || compareText(a.namespace, b.namespace),
  namespace: (a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name),
  ready: (a, b) => compareText(a.ready, b.ready),
  status: (a, b) => compareText(a.status, b.status),
  restarts: (a, b) => a.restarts - b.restarts,
  age: byKey(parsedKeys.age!),
  ip: byKey(parsedKeys.ip!),
  node: (a, b) => compareText(a.node ?? '', b.node ?? ''),
};

export interface RowFilter {
  name: string;
  problemsOnly: boolean;
}

/** The page's order: the column's, then namespace/name so the order is stable as rows stream in. */
export function compareRows(sort: PodColumn, descending: boolean): (a: PodRow, b: PodRow) => number {
  const direction = descending ? -1 : 1;
  const order = columnOrders[sort];
  return (a, b) => direction * (Math.sign(order(a, b)) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name));
}

/** Sorting is done once per change of rows or order; filtering the sorted rows keeps their order. */
export function sortRows(rows: Iterable<PodRow>, sort: PodColumn, descending: boolean): PodRow[] {
  const compare = compareRows(sort, descending);
  const key = parsedKeys[sort];
  if (!key) return Array.from(rows).sort(compare);
  const direction = descending ? -1 : 1;
  const keyed = Array.from(rows, (row) => ({ key: key(row), row }));
  keyed.sort((a, b) => direction * compareKeys(a.key, b.key) || compare(a.row, b.row));
  return keyed.map((entry) => entry.row);
}

export function filterRows(sorted: PodRow[], filter: RowFilter): PodRow[] {
  const needle = filter.name.trim().toLowerCase();
  if (!needle && !filter.problemsOnly) return sorted;
  // Pod names are DNS-1123 subdomains, lower case already.
  return sorted.filter((row) => (!needle || row.name.includes(needle)) && (!filter.problemsOnly || row.problem));
}

export function filterAndSort(rows: Iterable<PodRow>, filter: RowFilter, sort: PodColumn, descending: boolean): PodRow[] {
  return filterRows(sortRows(rows, sort, descending), filter);
}
