import { PERIOD_UNITS } from './lexer';

/** A field value while a query runs; null is a field the record does not have. */
export type Value = string | number | boolean | Date | Period | Structure | null;

/** A MAP or LIST made by jsonParse(). */
export class Structure {
  constructor(readonly value: unknown[] | Record<string, unknown>) {}

  get isList(): boolean {
    return Array.isArray(this.value);
  }
}

/** A JSON value as a query value: objects and arrays stay structures, booleans read as text. */
export function fromJson(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return new Structure(v as unknown[] | Record<string, unknown>);
  if (typeof v === 'boolean') return String(v);
  return v as string | number;
}

/** Looks a dotted path up inside a structure; keys that contain dots are found too. */
export function structurePath(root: unknown, path: string): unknown {
  if (root === null || typeof root !== 'object') return undefined;
  const obj = root as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(obj, path)) return obj[path];
  for (let i = path.indexOf('.'); i > 0; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    if (Object.prototype.hasOwnProperty.call(obj, head)) {
      const found = structurePath(obj[head], path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export interface Period {
  kind: 'period';
  count: number;
  /** Fixed width in ms, or 0 for calendar units. */
  ms: number;
  calendar?: 'month' | 'quarter' | 'year';
}

export function parsePeriod(text: string): Period {
  const m = /^([0-9]+(?:\.[0-9]+)?)([A-Za-z]+)$/.exec(text);
  if (!m) throw new Error(`not a period: ${text}`);
  const unit = PERIOD_UNITS[m[2]];
  return { kind: 'period', count: Number(m[1]), ms: unit.ms, calendar: unit.calendar };
}

export function isPeriod(v: Value): v is Period {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && !(v instanceof Structure);
}

const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** A short run of digits, as parse and JSON give most numbers: read without the pattern. */
function digits(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 15) return null;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    x = x * 10 + c;
  }
  return x;
}

export function toNumber(v: Value): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return digits(v) ?? (NUMERIC.test(v) ? Number(v) : null);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return null;
}

export function toTime(v: Value): number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (NUMERIC.test(v)) return Number(v);
    const t = Date.parse(v.includes('T') || v.endsWith('Z') ? v : `${v.replace(' ', 'T')}Z`);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `2026-01-01 00:00:00.000`, UTC: how GetQueryResults prints @timestamp and bin() values. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

export function toStr(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return formatTimestamp(v.getTime());
  if (v instanceof Structure) return JSON.stringify(v.value);
  return `${v.count}${v.calendar ?? `${v.ms}ms`}`;
}

export function truthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  return true;
}

/** Numbers compare as numbers (also numeric strings against numbers), everything else as text. */
export function compareValues(a: Value, b: Value): number {
  if (a instanceof Date || b instanceof Date) {
    const x = toTime(a);
    const y = toTime(b);
    if (x !== null && y !== null) return x - y;
  }
  if (typeof a === 'number' || typeof b === 'number' || (typeof a === 'string' && typeof b === 'string')) {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : 0;
  }
  const s = toStr(a) ?? '';
  const t = toStr(b) ?? '';
  return s < t ? -1 : s > t ? 1 : 0;
}

export function equalValues(a: Value, b: Value): boolean {
  if (a === null || b === null) return false;
  return compareValues(a, b) === 0;
}

/** Start of the period containing `ms` (UTC; calendar units truncate to their month, quarter or year). */
export function floorTime(ms: number, period: Period): number {
  if (!period.calendar) {
    const width = period.ms * period.count;
    return Math.floor(ms / width) * width;
  }
  const d = new Date(ms);
  const months = period.calendar === 'month' ? period.count : period.calendar === 'quarter' ? 3 * period.count : 12 * period.count;
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth();
  const start = Math.floor(index / months) * months;
  return Date.UTC(Math.floor(start / 12), start % 12, 1);
}

export function ceilTime(ms: number, period: Period): number {
  const floor = floorTime(ms, period);
  if (floor === ms) return ms;
  if (!period.calendar) return floor + period.ms * period.count;
  const d = new Date(floor);
  const months = period.calendar === 'month' ? period.count : period.calendar === 'quarter' ? 3 * period.count : 12 * period.count;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

const NUMBER_VALUE = /^-?\d+(?:\.\d+)?$/;

/** The natural order of `sort` ascending, as documented: text before numbers, digit runs by length then value. */
export function sortCompare(a: Value, b: Value): number {
  const x = sortNumber(a);
  const y = sortNumber(b);
  if (x !== null || y !== null) {
    if (x === null) return -1;
    if (y === null) return 1;
    if (x !== y) return x < y ? -1 : 1;
    const s = toStr(a) ?? '';
    const t = toStr(b) ?? '';
    return s < t ? -1 : s > t ? 1 : 0;
  }
  return compareChunks(toStr(a) ?? '', toStr(b) ?? '');
}

function sortNumber(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && NUMBER_VALUE.test(v)) return Number(v);
  return null;
}

const CHUNK = /\d+|\D+/g;

function compareChunks(s: string, t: string): number {
  const p = s.match(CHUNK) ?? [];
  const q = t.match(CHUNK) ?? [];
  for (let i = 0; i < p.length && i < q.length; i++) {
    const a = p[i];
    const b = q[i];
    if (a === b) continue;
    const digits = a.charCodeAt(0) <= 57 && a.charCodeAt(0) >= 48 && b.charCodeAt(0) <= 57 && b.charCodeAt(0) >= 48;
    if (digits && a.length !== b.length) return a.length - b.length;
    return a < b ? -1 : 1;
  }
  return p.length - q.length;
}
