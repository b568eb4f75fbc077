/** Filtering and sorting of pod rows in the page: pure, so the same rules hold at 150,000 rows as in tests. */
import { humanDuration } from '@/server/k8s/human-duration';
import type { PodRow } from '../api/pod-types';
import type { PodColumn } from './view';

/** A problem is what the overview calls one: a warning or error severity, as the server computes it. */
export function isProblem(row: Pick<PodRow, 'problem'>): boolean {
  return row.problem;
}

/** kubectl's RESTARTS column: "5 (3m ago)" once a container has restarted. */
export function restartsText(row: Pick<PodRow, 'restarts' | 'lastRestartAt'>, now: number): string {
  if (!row.restarts || !row.lastRestartAt) return String(row.restarts);
  return `${row.restarts} (${humanDuration(now - Date.parse(row.lastRestartAt))} ago)`;
}

function compareIP(a = '', b = ''): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? -1) !== (pb[i] ?? -1)) return (pa[i] ?? -1) - (pb[i] ?? -1);
  return a.localeCompare(b);
}

/** Plain code-unit order, as kubectl sorts names; a collator is too slow for 150,000 rows. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const comparators: Record<PodColumn, (a: PodRow, b: PodRow) => number> = {
  name: (a, b) => compareText(a.name, b.name),
  namespace: (a, b) => compareText(a.namespace, b.namespace),
  ready: (a, b) => compareText(a.ready, b.ready),
  status: (a, b) => compareText(a.status, b.status),
  restarts: (a, b) => a.restarts - b.restarts,
  // Newest first reads as the smallest age.
  age: (a, b) => b.createdAt.localeCompare(a.createdAt),
  ip: (a, b) => compareIP(a.podIP, b.podIP),
  node: (a, b) => compareText(a.node ?? '', b.node ?? ''),
};

export interface RowFilter {
  name: string;
  problemsOnly: boolean;
}

/** Sorting is done once per change of rows or order; filtering the sorted rows keeps their order. */
export function sortRows(rows: Iterable<PodRow>, sort: PodColumn, descending: boolean): PodRow[] {
  const compare = comparators[sort];
  // Ties fall back to namespace/name so the order is stable as rows stream in.
  return Array.from(rows).sort((a, b) => {
    const primary = compare(a, b) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
    return descending ? -primary : primary;
  });
}

export function filterRows(sorted: PodRow[], filter: RowFilter): PodRow[] {
  const needle = filter.name.trim().toLowerCase();
  if (!needle && !filter.problemsOnly) return sorted;
  return sorted.filter((row) => (!needle || row.name.toLowerCase().includes(needle)) && (!filter.problemsOnly || isProblem(row)));
}

export function filterAndSort(rows: Iterable<PodRow>, filter: RowFilter, sort: PodColumn, descending: boolean): PodRow[] {
  return filterRows(sortRows(rows, sort, descending), filter);
}
