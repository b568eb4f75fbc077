import type { Expr, NamedExpr } from './ast';
import { compileExpr, type Evaluator } from './compile';
import { LogRecord, type FieldDiscovery } from './record';
import { compareValues, sortCompare, Structure, toNumber, toStr, type Value } from './values';

/** A value as it crosses to another thread: a structured-cloneable form (Structure loses its class in a clone). */
export type PartialValue = Exclude<Value, Structure> | { structure: Structure['value'] };

function toPartial(v: Value): PartialValue {
  return v instanceof Structure ? { structure: v.value } : v;
}

function fromPartial(v: PartialValue): Value {
  return v !== null && typeof v === 'object' && 'structure' in v ? new Structure(v.structure) : v;
}

/** What an accumulator has gathered, as plain data another run of the same query can merge. */
type AccumulatorState = number | string[] | [number, number, number] | [PartialValue] | [PartialValue, number] | [number[], number | null];

interface Accumulator {
  add(record: LogRecord): void;
  result(): Value;
  state(): AccumulatorState;
  /** Adds what another run gathered over records that came after all of this one's. */
  merge(state: AccumulatorState): void;
}

type AccumulatorFactory = () => Accumulator;

function accumulator(call: Expr & { type: 'call' }, discovery?: FieldDiscovery): AccumulatorFactory {
  const arg: Evaluator | null = call.args.length > 0 ? compileExpr(call.args[0], undefined, discovery) : null;
  const value = arg ?? (() => null);
  switch (call.name) {
    case 'count':
      if (call.star || !arg) {
        return () => {
          let n = 0;
          return { add: () => void n++, result: () => n, state: () => n, merge: (m) => void (n += m as number) };
        };
      }
      return () => {
        let n = 0;
        return { add: (r) => void (value(r) !== null && n++), result: () => n, state: () => n, merge: (m) => void (n += m as number) };
      };
    case 'count_distinct':
      return () => {
        const seen = new Set<string>();
        return {
          add: (r) => {
            const s = toStr(value(r));
            if (s !== null) seen.add(s);
          },
          result: () => seen.size,
          state: () => [...seen],
          merge: (values) => (values as string[]).forEach((v) => seen.add(v)),
        };
      };
    case 'sum':
    case 'avg':
    case 'stddev': {
      const name = call.name;
      return () => {
        let n = 0;
        let sum = 0;
        let sq = 0;
        return {
          add: (r) => {
            const x = toNumber(value(r));
            if (x === null) return;
            n++;
            sum += x;
            sq += x * x;
          },
          result: () => {
            if (n === 0) return null;
            if (name === 'sum') return sum;
            if (name === 'avg') return sum / n;
            if (n < 2) return 0;
            // Sample standard deviation.
            return Math.sqrt(Math.max(0, (sq - (sum * sum) / n) / (n - 1)));
          },
          state: () => [n, sum, sq],
          merge: (state) => {
            const [m, s, q] = state as [number, number, number];
            n += m;
            sum += s;
            sq += q;
          },
        };
      };
    }
    case 'min':
    case 'max':
    case 'sortsfirst':
    case 'sortslast': {
      const wantLow = call.name === 'min' || call.name === 'sortsfirst';
      // sortsFirst and sortsLast follow the sort command's order; min and max compare values.
      const compare = call.name.startsWith('sorts') ? sortCompare : compareValues;
      return () => {
        let best: Value = null;
        return {
          add: (r) => {
            const v = value(r);
            if (v === null) return;
            if (best === null || (wantLow ? compare(v, best) < 0 : compare(v, best) > 0)) best = v;
          },
          result: () => best,
          state: () => [toPartial(best)],
          merge: (state) => {
            const v = fromPartial((state as [PartialValue])[0]);
            // The earlier run's value wins a tie, as the first record does within one run.
            if (v !== null && (best === null || (wantLow ? compare(v, best) < 0 : compare(v, best) > 0))) best = v;
          },
        };
      };
    }
    case 'earliest':
    case 'latest': {
      const earliest = call.name === 'earliest';
      return () => {
        let best: Value = null;
        let at = 0;
        return {
          add: (r) => {
            const v = value(r);
            const t = r.timestamp;
            if (v === null || t === null) return;
            if (best === null || (earliest ? t < at : t > at)) {
              best = v;
              at = t;
            }
          },
          result: () => best,
          state: () => [toPartial(best), at],
          merge: (state) => {
            const [p, t] = state as [PartialValue, number];
            const v = fromPartial(p);
            if (v !== null && (best === null || (earliest ? t < at : t > at))) {
              best = v;
              at = t;
            }
          },
        };
      };
    }
    case 'pct':
    case 'percentile': {
      const percent = compileExpr(call.args[1], undefined, discovery);
      return () => {
        const xs: number[] = [];
        let p: number | null = null;
        return {
          add: (r) => {
            const x = toNumber(value(r));
            if (x === null) return;
            if (p === null) p = toNumber(percent(r));
            xs.push(x);
          },
          result: () => {
            if (xs.length === 0 || p === null) return null;
            xs.sort((a, b) => a - b);
            // Nearest rank: the smallest value with at least p percent of the values at or below it.
            const rank = Math.min(xs.length, Math.max(1, Math.ceil((p / 100) * xs.length)));
            return xs[rank - 1];
          },
          state: () => [xs, p],
          merge: (state) => {
            const [values, percent] = state as [number[], number | null];
            p ??= percent;
            for (const x of values) xs.push(x);
          },
        };
      };
    }
    default:
      throw new Error(`unknown aggregation ${call.name}`);
  }
}

interface Group {
  keys: Value[];
  accumulators: Accumulator[];
}

/** A stats command's groups as plain data, in the order they were first seen. */
export interface PartialGroups {
  groups: { key: string; keys: PartialValue[]; states: AccumulatorState[] }[];
}

/** The state of one stats command: groups by the `by` values, each with its accumulators. */
export class Aggregation {
  private readonly factories: AccumulatorFactory[] = [];
  private readonly items: { name: string; evaluate: Evaluator }[];
  private readonly by: { name: string; evaluate: Evaluator }[];
  private readonly groups = new Map<string, Group>();
  private readonly timeKey: number;
  private current: Value[] = [];

  /** `discovery`: that of the records it will be given, if they share one. */
  constructor(items: NamedExpr[], by: NamedExpr[], discovery?: FieldDiscovery) {
    this.items = items.map((item) => ({
      name: item.name,
      evaluate: compileExpr(item.expr, (call) => {
        const index = this.factories.push(accumulator(call, discovery)) - 1;
        return () => this.current[index];
      }),
    }));
    this.by = by.map((b) => ({ name: b.name, evaluate: compileExpr(b.expr, undefined, discovery) }));
    this.timeKey = by.findIndex((b) => b.expr.type === 'call' && b.expr.name === 'bin');
  }

  get outputNames(): string[] {
    return [...this.by.map((b) => b.name), ...this.items.map((i) => i.name)];
  }

  private lastKeyValue: Value = null;
  private lastKey = '';

  private keyOf(k: Value): string {
    // bin() hands neighbouring records the same Date: its key is computed once.
    if (k === this.lastKeyValue && k !== null) return this.lastKey;
    const key = k instanceof Date ? `d:${k.getTime()}\u0000` : `${typeof k}:${toStr(k) ?? ''}\u0000`;
    this.lastKeyValue = k;
    this.lastKey = key;
    return key;
  }

  add(record: LogRecord): void {
    let key = '';
    let keys: Value[] | null = null;
    let single: Value = null;
    if (this.by.length === 1) {
      single = this.by[0].evaluate(record);
      key = this.keyOf(single);
    } else if (this.by.length > 0) {
      keys = this.by.map((b) => b.evaluate(record));
      for (const k of keys) key += k instanceof Date ? `d:${k.getTime()}\u0000` : `${typeof k}:${toStr(k) ?? ''}\u0000`;
    }
    let group = this.groups.get(key);
    if (!group) {
      group = { keys: keys ?? (this.by.length === 1 ? [single] : []), accumulators: this.factories.map((f) => f()) };
      this.groups.set(key, group);
    }
    for (const a of group.accumulators) a.add(record);
  }

  /** Every group so far, for another run of the same query to `merge`. */
  partial(): PartialGroups {
    return { groups: [...this.groups].map(([key, g]) => ({ key, keys: g.keys.map(toPartial), states: g.accumulators.map((a) => a.state()) })) };
  }

  /**
   * Adds the groups another run of the same query gathered over records that all came after
   * this one's: merged in input order, the rows are those of one run over all the records.
   */
  merge(partial: PartialGroups): void {
    for (const p of partial.groups) {
      let group = this.groups.get(p.key);
      if (!group) {
        group = { keys: p.keys.map(fromPartial), accumulators: this.factories.map((f) => f()) };
        this.groups.set(p.key, group);
      }
      for (let i = 0; i < group.accumulators.length; i++) group.accumulators[i].merge(p.states[i]);
    }
  }

  /**
   * One row per group: time series (a bin() in `by`) newest bucket first,
   * other groups in the order they were first seen.
   */
  rows(): LogRecord[] {
    let groups = [...this.groups.values()];
    if (this.timeKey >= 0) {
      const k = this.timeKey;
      groups = groups.sort((a, b) => compareValues(b.keys[k], a.keys[k]));
    }
    return groups.map((g) => {
      const values = new Map<string, Value>();
      this.by.forEach((b, i) => values.set(b.name, g.keys[i]));
      this.current = g.accumulators.map((a) => a.result());
      for (const item of this.items) values.set(item.name, item.evaluate(LogRecord.row(values)));
      return LogRecord.row(values);
    });
  }
}
