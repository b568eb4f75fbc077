/** Logs Insights result rows shaped for a table or a chart, as CloudWatch's log widget views draw them. Pure. */
import type { ResultField } from '@/lib/logs-insights';

export type { ResultField };

export interface ResultTable {
  columns: string[];
  rows: Record<string, string>[];
}

export interface ChartData {
  /** The field along the x axis (a bin() time or a group), if the rows have one. */
  category?: string;
  /** Whether `category` holds timestamps, sorted oldest first. */
  time: boolean;
  /** Numeric fields, one line, bar or slice set each. */
  series: string[];
  points: Record<string, string | number>[];
}

const HIDDEN = new Set(['@ptr']);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/;

export function resultTable(rows: ResultField[][]): ResultTable {
  const columns: string[] = [];
  const out = rows.map((row) => {
    const record: Record<string, string> = {};
    for (const { field, value } of row) {
      if (HIDDEN.has(field)) continue;
      if (!columns.includes(field)) columns.push(field);
      record[field] = value;
    }
    return record;
  });
  return { columns, rows: out };
}

const numeric = (v: string | undefined) => v !== undefined && v.trim() !== '' && Number.isFinite(Number(v));

export function chartData(rows: ResultField[][]): ChartData {
  const table = resultTable(rows);
  const series = table.columns.filter((c) => table.rows.some((r) => r[c] !== undefined) && table.rows.every((r) => r[c] === undefined || numeric(r[c])));
  const category = table.columns.find((c) => !series.includes(c));
  const time = category !== undefined && table.rows.every((r) => r[category] === undefined || TIMESTAMP.test(r[category]));
  if (!category) {
    // One row of totals (stats count(*) as X): each total is a bar or a slice of its own.
    const first = table.rows[0] ?? {};
    return { time: false, series: ['value'], category: 'name', points: series.map((s) => ({ name: s, value: Number(first[s]) })) };
  }
  const points = table.rows.map((r) => {
    const p: Record<string, string | number> = { [category]: r[category] ?? '' };
    for (const s of series) p[s] = r[s] === undefined ? 0 : Number(r[s]);
    return p;
  });
  if (time) points.sort((a, b) => String(a[category]).localeCompare(String(b[category])));
  return { category, time, series, points };
}

/** Slices for a pie: each group's first numeric value, or each total of a single row. */
export function pieSlices(data: ChartData): { name: string; value: number }[] {
  const key = data.series[0];
  if (!data.category || !key) return [];
  return data.points.map((p) => ({ name: String(p[data.category!]), value: Number(p[key]) }));
}
