import { ceilTime, floorTime, fromJson, isPeriod, Structure, toNumber, toStr, toTime, type Period, type Value } from './values';

export interface CallContext {
  /** @timestamp of the record, for bin(). */
  timestamp: number | null;
}

interface ScalarFunction {
  name: string;
  min: number;
  max: number;
  apply: (args: Value[], ctx: CallContext) => Value;
}

const num = (f: (x: number) => number) => (args: Value[]) => {
  const x = toNumber(args[0]);
  if (x === null) return null;
  const r = f(x);
  return Number.isFinite(r) ? r : null;
};

const WHITESPACE = /\s/;

function trimChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const set = chars === undefined ? null : new Set([...chars]);
  const strip = (c: string) => (set ? set.has(c) : WHITESPACE.test(c));
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && strip(cps[a])) a++;
  if (right) while (b > a && strip(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

function periodArg(v: Value): Period | null {
  return isPeriod(v) ? v : null;
}

function extreme(args: Value[], pick: (a: number, b: number) => number): Value {
  let best: number | null = null;
  for (const a of args) {
    const n = toNumber(a);
    if (n !== null) best = best === null ? n : pick(best, n);
  }
  return best;
}

export function parseIpv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

export function parseIpv6(s: string): bigint | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.split('::').length > 2) return null;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const groups = (part: string | undefined): number[] | null => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let k = 0; k < items.length; k++) {
      const g = items[k];
      if (k === items.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return null;
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...h, ...new Array<number>(tail === undefined ? 0 : missing).fill(0), ...t];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function inSubnet(ip: Value, subnet: Value, family: 4 | 6 | 0): boolean {
  const address = toStr(ip);
  const cidr = toStr(subnet);
  if (address === null || cidr === null) return false;
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (bitsText === undefined || !/^[0-9]+$/.test(bitsText)) return false;
  if (family !== 6) {
    const a = parseIpv4(address);
    const b = parseIpv4(base);
    if (a !== null && b !== null && bits <= 32) {
      const shift = 32 - bits;
      return Math.floor(a / 2 ** shift) === Math.floor(b / 2 ** shift);
    }
    if (family === 4) return false;
  }
  const a = parseIpv6(address);
  const b = parseIpv6(base);
  if (a === null || b === null || bits > 128) return false;
  const shift = BigInt(128 - bits);
  return a >> shift === b >> shift;
}

const list: ScalarFunction[] = [
  // numeric
  { name: 'abs', min: 1, max: 1, apply: num(Math.abs) },
  { name: 'ceil', min: 1, max: 1, apply: num(Math.ceil) },
  { name: 'floor', min: 1, max: 1, apply: num(Math.floor) },
  { name: 'log', min: 1, max: 1, apply: num(Math.log) },
  { name: 'sqrt', min: 1, max: 1, apply: num(Math.sqrt) },
  { name: 'greatest', min: 1, max: Infinity, apply: (a) => extreme(a, Math.max) },
  { name: 'least', min: 1, max: Infinity, apply: (a) => extreme(a, Math.min) },
  // general
  { name: 'ispresent', min: 1, max: 1, apply: (a) => a[0] !== null },
  { name: 'coalesce', min: 1, max: Infinity, apply: (a) => a.find((v) => v !== null) ?? null },
  { name: 'jsonparse', min: 1, max: 1, apply: (a) => jsonParse(a[0]) },
  { name: 'jsonstringify', min: 1, max: 1, apply: (a) => (a[0] instanceof Structure ? JSON.stringify(a[0].value) : a[0] === null ? null : JSON.stringify(a[0])) },
  // string
  { name: 'isempty', min: 1, max: 1, apply: (a) => a[0] === null || toStr(a[0]) === '' },
  { name: 'isblank', min: 1, max: 1, apply: (a) => a[0] === null || (toStr(a[0]) ?? '').trim() === '' },
  { name: 'concat', min: 1, max: Infinity, apply: (a) => a.map((v) => toStr(v) ?? '').join('') },
  { name: 'ltrim', min: 1, max: 2, apply: (a) => trimValue(a, true, false) },
  { name: 'rtrim', min: 1, max: 2, apply: (a) => trimValue(a, false, true) },
  { name: 'trim', min: 1, max: 2, apply: (a) => trimValue(a, true, true) },
  { name: 'strlen', min: 1, max: 1, apply: (a) => (a[0] === null ? null : [...(toStr(a[0]) ?? '')].length) },
  { name: 'toupper', min: 1, max: 1, apply: (a) => (a[0] === null ? null : (toStr(a[0]) ?? '').toUpperCase()) },
  { name: 'tolower', min: 1, max: 1, apply: (a) => (a[0] === null ? null : (toStr(a[0]) ?? '').toLowerCase()) },
  {
    name: 'substr',
    min: 2,
    max: 3,
    apply: (a) => {
      const s = toStr(a[0]);
      const from = toNumber(a[1]);
      if (s === null || from === null) return null;
      const cps = [...s];
      const len = a.length > 2 ? toNumber(a[2]) : null;
      return cps.slice(from, len === null ? undefined : from + len).join('');
    },
  },
  {
    name: 'replace',
    min: 3,
    max: 3,
    apply: (a) => {
      const s = toStr(a[0]);
      const search = toStr(a[1]);
      if (s === null || search === null || search === '') return s;
      return s.split(search).join(toStr(a[2]) ?? '');
    },
  },
  {
    name: 'strcontains',
    min: 2,
    max: 2,
    apply: (a) => {
      const s = toStr(a[0]);
      const search = toStr(a[1]);
      return s !== null && search !== null && s.includes(search) ? 1 : 0;
    },
  },
  // datetime
  {
    name: 'bin',
    min: 1,
    max: 1,
    apply: (a, ctx) => {
      const p = periodArg(a[0]);
      return p && ctx.timestamp !== null ? new Date(floorTime(ctx.timestamp, p)) : null;
    },
  },
  { name: 'datefloor', min: 2, max: 2, apply: (a) => dateRound(a, floorTime) },
  { name: 'dateceil', min: 2, max: 2, apply: (a) => dateRound(a, ceilTime) },
  {
    name: 'frommillis',
    min: 1,
    max: 1,
    apply: (a) => {
      const n = toNumber(a[0]);
      return n === null ? null : new Date(n);
    },
  },
  { name: 'tomillis', min: 1, max: 1, apply: (a) => toTime(a[0]) },
  // IP addresses
  { name: 'isvalidip', min: 1, max: 1, apply: (a) => isIp(a[0], 0) },
  { name: 'isvalidipv4', min: 1, max: 1, apply: (a) => isIp(a[0], 4) },
  { name: 'isvalidipv6', min: 1, max: 1, apply: (a) => isIp(a[0], 6) },
  { name: 'isipinsubnet', min: 2, max: 2, apply: (a) => inSubnet(a[0], a[1], 0) },
  { name: 'isipv4insubnet', min: 2, max: 2, apply: (a) => inSubnet(a[0], a[1], 4) },
  { name: 'isipv6insubnet', min: 2, max: 2, apply: (a) => inSubnet(a[0], a[1], 6) },
];

function jsonParse(v: Value): Value {
  if (v instanceof Structure) return v;
  const s = toStr(v);
  if (s === null) return null;
  try {
    return fromJson(JSON.parse(s));
  } catch {
    return null;
  }
}

function trimValue(a: Value[], left: boolean, right: boolean): Value {
  const s = toStr(a[0]);
  if (s === null) return null;
  return trimChars(s, a.length > 1 ? (toStr(a[1]) ?? '') : undefined, left, right);
}

function dateRound(a: Value[], round: (ms: number, p: Period) => number): Value {
  const t = toTime(a[0]);
  const p = periodArg(a[1]);
  return t === null || p === null ? null : new Date(round(t, p));
}

function isIp(v: Value, family: 0 | 4 | 6): boolean {
  const s = toStr(v);
  if (s === null) return false;
  if (family !== 6 && parseIpv4(s) !== null) return true;
  return family !== 4 && parseIpv6(s) !== null;
}

/** Scalar functions by lower-cased name: function names are not case-sensitive (isPresent, ispresent). */
export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = new Map(list.map((f) => [f.name, f]));

export const AGGREGATE_FUNCTIONS: ReadonlyMap<string, { name: string; min: number; max: number }> = new Map(
  [
    { name: 'count', min: 0, max: 1 },
    { name: 'count_distinct', min: 1, max: 1 },
    { name: 'sum', min: 1, max: 1 },
    { name: 'avg', min: 1, max: 1 },
    { name: 'min', min: 1, max: 1 },
    { name: 'max', min: 1, max: 1 },
    { name: 'pct', min: 2, max: 2 },
    { name: 'percentile', min: 2, max: 2 },
    { name: 'stddev', min: 1, max: 1 },
    { name: 'earliest', min: 1, max: 1 },
    { name: 'latest', min: 1, max: 1 },
    { name: 'sortsfirst', min: 1, max: 1 },
    { name: 'sortslast', min: 1, max: 1 },
  ].map((f) => [f.name, f]),
);

/** Every function name as documented, for completion and highlighting. */
export const FUNCTION_NAMES = [
  'abs',
  'ceil',
  'floor',
  'greatest',
  'least',
  'log',
  'sqrt',
  'ispresent',
  'coalesce',
  'jsonParse',
  'jsonStringify',
  'isempty',
  'isblank',
  'concat',
  'ltrim',
  'rtrim',
  'trim',
  'strlen',
  'toupper',
  'tolower',
  'substr',
  'replace',
  'strcontains',
  'bin',
  'datefloor',
  'dateceil',
  'fromMillis',
  'toMillis',
  'isValidIp',
  'isValidIpV4',
  'isValidIpV6',
  'isIpInSubnet',
  'isIpv4InSubnet',
  'isIpv6InSubnet',
  'count',
  'count_distinct',
  'sum',
  'avg',
  'min',
  'max',
  'pct',
  'percentile',
  'stddev',
  'earliest',
  'latest',
  'sortsFirst',
  'sortsLast',
] as const;
