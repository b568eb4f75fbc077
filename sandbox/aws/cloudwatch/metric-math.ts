/**
 * CloudWatch metric math over the series a GetMetricData call already fetched: arithmetic
 * (`m1 + m2`, `m1 * 100`), `SUM`/`AVG`/`MIN`/`MAX` over `METRICS()` or `[m1, m2]`, `ABS`. Binary operations between series keep the timestamps both have, as CloudWatch does.
 */

export type Series = Map<number, number>;
export type MathValue = number | Series | Series[];

export class MathError extends Error {}

type Token = { kind: 'num'; value: number } | { kind: 'id'; value: string } | { kind: 'str'; value: string } | { kind: 'op'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|"([^"]*)"|'([^']*)'|([-+*/^(),[\]]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new MathError(`Unexpected character '${text.slice(at).trim()[0]}' at position ${at + 1}`);
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'id', value: m[2] });
    else if (m[3] !== undefined || m[4] !== undefined) tokens.push({ kind: 'str', value: m[3] ?? m[4] });
    else tokens.push({ kind: 'op', value: m[5] });
  }
  return tokens;
}

export interface MathContext {
  /** The series of another query by id. */
  series(id: string): MathValue | undefined;
  /** Every MetricStat query's series, optionally those whose id contains `filter`. */
  metrics(filter?: string): Series[];
}

function combine(a: MathValue, b: MathValue, f: (x: number, y: number) => number): MathValue {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  if (Array.isArray(a)) return a.map((s) => combine(s, b, f) as Series);
  if (Array.isArray(b)) return b.map((s) => combine(a, s, f) as Series);
  const out: Series = new Map();
  if (typeof a === 'number') for (const [t, v] of b as Series) out.set(t, f(a, v));
  else if (typeof b === 'number') for (const [t, v] of a) out.set(t, f(v, b));
  else for (const [t, v] of a) if (b.has(t)) out.set(t, f(v, b.get(t)!));
  return out;
}

function reduce(name: string, value: MathValue): MathValue {
  const pick = (values: number[]) => {
    switch (name) {
      case 'SUM':
        return values.reduce((x, y) => x + y, 0);
      case 'AVG':
        return values.reduce((x, y) => x + y, 0) / values.length;
      case 'MIN':
        return Math.min(...values);
      default:
        return Math.max(...values);
    }
  };
  if (typeof value === 'number') return value;
  if (!Array.isArray(value)) return value.size ? pick([...value.values()]) : NaN;
  const byTime = new Map<number, number[]>();
  for (const s of value) for (const [t, v] of s) (byTime.get(t) ?? byTime.set(t, []).get(t)!).push(v);
  const out: Series = new Map();
  for (const t of [...byTime.keys()].sort((x, y) => x - y)) out.set(t, pick(byTime.get(t)!));
  return out;
}

/** Evaluates one expression; throws MathError with CloudWatch-style messages. */
export function evaluateExpression(expression: string, ctx: MathContext): MathValue {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (v: string) => peek()?.kind === 'op' && peek()!.value === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new MathError(`Syntax error: expected '${v}'`);
    i++;
  };
  const primary = (): MathValue => {
    const t = tokens[i++];
    if (!t) throw new MathError('Syntax error: unexpected end of expression');
    if (t.kind === 'num') return t.value;
    if (t.kind === 'op' && t.value === '(') {
      const v = sum();
      expect(')');
      return v;
    }
    if (t.kind === 'op' && t.value === '-') return combine(primary(), -1, (x, y) => x * y);
    if (t.kind === 'op' && t.value === '[') {
      const items: Series[] = [];
      if (!isOp(']')) {
        do {
          const v = sum();
          if (Array.isArray(v)) items.push(...v);
          else if (typeof v !== 'number') items.push(v);
          else throw new MathError('Invalid expression: an array holds time series only');
        } while (isOp(',') && ++i);
      }
      expect(']');
      return items;
    }
    if (t.kind === 'id') {
      if (isOp('(')) {
        i++;
        const name = t.value.toUpperCase();
        const args: (MathValue | string)[] = [];
        if (!isOp(')')) {
          do args.push(peek()?.kind === 'str' ? (tokens[i++] as { value: string }).value : sum());
          while (isOp(',') && ++i);
        }
        expect(')');
        return call(name, args);
      }
      const v = ctx.series(t.value);
      if (v === undefined) throw new MathError(`Unrecognized id: ${t.value}`);
      return v;
    }
    throw new MathError(`Syntax error: unexpected '${t.value}'`);
  };
  const call = (name: string, args: (MathValue | string)[]): MathValue => {
    switch (name) {
      case 'METRICS':
        return ctx.metrics(typeof args[0] === 'string' ? args[0] : undefined);
      case 'SUM':
      case 'AVG':
      case 'MIN':
      case 'MAX':
        if (args.length !== 1 || typeof args[0] === 'string') throw new MathError(`${name} takes one argument`);
        return reduce(name, args[0]);
      case 'ABS':
        if (args.length !== 1 || typeof args[0] === 'string') throw new MathError('ABS takes one argument');
        return combine(args[0], 0, (x) => Math.abs(x));
    }
    throw new MathError(`Unknown function: ${name}`);
  };
  const power = (): MathValue => {
    let v = primary();
    while (isOp('^')) {
      i++;
      v = combine(v, primary(), (x, y) => x ** y);
    }
    return v;
  };
  const product = (): MathValue => {
    let v = power();
    while (isOp('*') || isOp('/')) {
      const op = tokens[i++].value;
      v = combine(v, power(), op === '*' ? (x, y) => x * y : (x, y) => x / y);
    }
    return v;
  };
  const sum = (): MathValue => {
    let v = product();
    while (isOp('+') || isOp('-')) {
      const op = tokens[i++].value;
      v = combine(v, product(), op === '+' ? (x, y) => x + y : (x, y) => x - y);
    }
    return v;
  };
  const value = sum();
  if (i < tokens.length) throw new MathError(`Syntax error: unexpected '${String(tokens[i].value)}'`);
  return value;
}
