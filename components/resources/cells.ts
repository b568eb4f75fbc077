/** Table cells as kubectl prints them, and their order when a column is sorted. */

export type Cell = string | number | boolean | null;

/**
 * What kubectl's table printer writes for a cell: nothing for none (cli-runtime printTable skips a nil cell;
 * the "<none>" of built-in kinds is the server's own text), the value's text otherwise.
 */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

const collator = new Intl.Collator('en', { numeric: true });

/** Numbers by value, text in natural order ("pod-2" before "pod-10"), none last. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** kubectl's Age column is printed from creationTimestamp, so it sorts by it rather than by its text ("5m" against "2d"). */
export function isAgeColumn(column: { name: string }): boolean {
  return column.name === 'Age';
}
