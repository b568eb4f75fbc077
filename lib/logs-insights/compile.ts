import type { Expr } from './ast';
import { SCALAR_FUNCTIONS } from './functions';
import type { FieldDiscovery, LogRecord } from './record';
import { compareValues, equalValues, floorTime, toNumber, toStr, truthy, type Value } from './values';

export type Evaluator = (record: LogRecord) => Value;

/** Resolves an aggregation call inside a stats item to its computed value. */
export type AggregateResolver = (call: Expr & { type: 'call' }) => Evaluator;

function arithmetic(op: string, a: number, b: number): number | null {
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/':
      r = a / b;
      break;
    case '%':
      r = a % b;
      break;
    default:
      r = a ** b;
  }
  return Number.isFinite(r) ? r : null;
}

/**
 * Turns an expression into a function of a record. With the discovery of
 * the records it will read, field names are looked up once, here.
 */
export function compileExpr(expr: Expr, aggregates?: AggregateResolver, discovery?: FieldDiscovery): Evaluator {
  const c = (e: Expr) => compileExpr(e, aggregates, discovery);
  switch (expr.type) {
    case 'field': {
      const name = expr.name;
      const slot = discovery?.slots.get(name);
      if (discovery === undefined || slot === undefined) return (r) => r.get(name);
      return (r) => r.getIn(discovery, slot, name);
    }
    case 'literal': {
      const v = expr.value;
      return () => v;
    }
    case 'period': {
      const p = expr.period;
      return () => p;
    }
    case 'regex': {
      const source = expr.source;
      return () => source;
    }
    case 'list': {
      const items = expr.items.map(c);
      return (r) => items.map((f) => toStr(f(r))).join(',');
    }
    case 'unary': {
      const f = c(expr.operand);
      if (expr.op === 'not') return (r) => !truthy(f(r));
      return (r) => {
        const n = toNumber(f(r));
        return n === null ? null : -n;
      };
    }
    case 'binary': {
      const l = c(expr.left);
      const rt = c(expr.right);
      switch (expr.op) {
        case 'and':
          return (r) => truthy(l(r)) && truthy(rt(r));
        case 'or':
          return (r) => truthy(l(r)) || truthy(rt(r));
        case '=':
          return (r) => equalValues(l(r), rt(r));
        case '!=':
          return (r) => {
            const a = l(r);
            const b = rt(r);
            return a !== null && b !== null && compareValues(a, b) !== 0;
          };
        case '<':
        case '<=':
        case '>':
        case '>=': {
          const op = expr.op;
          return (r) => {
            const a = l(r);
            const b = rt(r);
            if (a === null || b === null) return false;
            const k = compareValues(a, b);
            return op === '<' ? k < 0 : op === '<=' ? k <= 0 : op === '>' ? k > 0 : k >= 0;
          };
        }
        default: {
          const op = expr.op;
          return (r) => {
            const a = toNumber(l(r));
            const b = toNumber(rt(r));
            return a === null || b === null ? null : arithmetic(op, a, b);
          };
        }
      }
    }
    case 'match': {
      const l = c(expr.left);
      const negate = expr.negate;
      if (expr.pattern.type === 'regex') {
        const re = expr.pattern.regex;
        return (r) => {
          const s = toStr(l(r));
          return negate !== (s !== null && re.test(s));
        };
      }
      const needle = c(expr.pattern);
      return (r) => {
        const s = toStr(l(r));
        const n = toStr(needle(r));
        return negate !== (s !== null && n !== null && s.includes(n));
      };
    }
    case 'in': {
      const l = c(expr.left);
      const negate = expr.negate;
      const items = expr.list.type === 'list' ? expr.list.items.map(c) : [c(expr.list)];
      return (r) => {
        const v = l(r);
        const found = v !== null && items.some((f) => equalValues(v, f(r)));
        return negate !== found;
      };
    }
    case 'call': {
      if (expr.aggregate) {
        if (!aggregates) throw new Error(`aggregation ${expr.name} outside stats`);
        return aggregates(expr);
      }
      const fn = SCALAR_FUNCTIONS.get(expr.name)!;
      const args = expr.args.map(c);
      if (expr.name === 'bin') {
        const arg = expr.args[0];
        if (arg.type === 'period') {
          // Neighbouring records mostly share a bucket: reuse its Date rather than allocating one per record.
          const period = arg.period;
          let lastFloor = NaN;
          let lastDate: Date | null = null;
          return (r) => {
            const t = r.timestamp;
            if (t === null) return null;
            const floor = floorTime(t, period);
            if (floor !== lastFloor) {
              lastFloor = floor;
              lastDate = new Date(floor);
            }
            return lastDate;
          };
        }
        const a = args[0];
        return (r) => fn.apply([a(r)], { timestamp: r.timestamp });
      }
      const ctx = { timestamp: null };
      // One argument array per call site, refilled for each record: the functions keep no reference to it.
      if (args.length === 1) {
        const [a] = args;
        const values: Value[] = [null];
        return (r) => {
          values[0] = a(r);
          return fn.apply(values, ctx);
        };
      }
      if (args.length === 2) {
        const [a, b] = args;
        const values: Value[] = [null, null];
        return (r) => {
          const x = a(r);
          values[1] = b(r);
          values[0] = x;
          return fn.apply(values, ctx);
        };
      }
      return (r) =>
        fn.apply(
          args.map((f) => f(r)),
          ctx,
        );
    }
  }
}

/** Field names an expression reads. */
export function fieldsOf(expr: Expr, out = new Set<string>()): Set<string> {
  switch (expr.type) {
    case 'field':
      out.add(expr.name);
      break;
    case 'list':
      expr.items.forEach((e) => fieldsOf(e, out));
      break;
    case 'unary':
      fieldsOf(expr.operand, out);
      break;
    case 'binary':
      fieldsOf(expr.left, out);
      fieldsOf(expr.right, out);
      break;
    case 'match':
      fieldsOf(expr.left, out);
      fieldsOf(expr.pattern, out);
      break;
    case 'in':
      fieldsOf(expr.left, out);
      fieldsOf(expr.list, out);
      break;
    case 'call':
      expr.args.forEach((e) => fieldsOf(e, out));
      if (expr.name === 'bin') out.add('@timestamp');
      break;
    default:
      break;
  }
  return out;
}
