/**
 * GetMetricData's queries over the metric store: MetricStat queries aggregated per period,
 * expressions computed with metric math over the other queries' series.
 */
import { AwsError } from '../server';
import { evaluateExpression, MathError, type MathValue, type Series } from './metric-math';
import type { MetricId, MetricStore } from './metric-store';
import { isStatistic } from './statistics';

export interface WireDimension {
  Name: string;
  Value: string;
}

export interface WireMetric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: WireDimension[];
}

export interface MetricDataQuery {
  Id: string;
  MetricStat?: { Metric: WireMetric; Period: number; Stat: string; Unit?: string };
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
}

export interface QueryResult {
  Id: string;
  Label: string;
  /** Period starts, ms, oldest first. */
  timestamps: number[];
  values: number[];
  /** The period the query was aggregated at, seconds. */
  period: number;
}

const ID = /^[a-z][a-zA-Z0-9_]*$/;

export function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400, {}, 'InvalidParameterValue');
}

export function metricIdOf(metric: WireMetric): MetricId {
  return {
    namespace: metric.Namespace ?? '',
    metricName: metric.MetricName ?? '',
    dimensions: Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name, d.Value])),
  };
}

/** Checks the queries as GetMetricData and PutMetricAlarm's Metrics do. */
export function validateQueries(queries: MetricDataQuery[], member = 'MetricDataQueries'): void {
  if (!Array.isArray(queries) || queries.length === 0) throw invalid(`The parameter ${member} is required and must hold at least one query.`);
  if (queries.length > 500) throw invalid(`The collection ${member} must not have a size greater than 500.`);
  const ids = new Set<string>();
  queries.forEach((q, i) => {
    const path = `${member}.member.${i + 1}`;
    if (typeof q?.Id !== 'string' || !ID.test(q.Id))
      throw invalid(`The value ${String(q?.Id)} for parameter ${path}.Id is invalid. It must start with a lowercase letter and contain only letters, numbers and underscores.`);
    if (ids.has(q.Id)) throw invalid(`The value ${q.Id} for parameter ${path}.Id is a duplicate; query ids must be unique.`);
    ids.add(q.Id);
    if (!!q.MetricStat === !!q.Expression)
      throw new AwsError('InvalidParameterCombinationException', `Exactly one of MetricStat and Expression must be specified for ${path}.`, 400, {}, 'InvalidParameterCombination');
    if (q.MetricStat) {
      const { Metric, Period, Stat } = q.MetricStat;
      if (!Metric?.Namespace || !Metric.MetricName) throw invalid(`${path}.MetricStat.Metric needs a Namespace and a MetricName.`);
      if (!Number.isInteger(Period) || Period < 1 || (Period >= 60 ? Period % 60 !== 0 : ![1, 5, 10, 30].includes(Period))) {
        throw invalid(`The value ${Period} for parameter ${path}.MetricStat.Period is invalid. Valid values are 1, 5, 10, 30 and any multiple of 60.`);
      }
      if (!isStatistic(Stat)) throw invalid(`The value ${Stat} for parameter ${path}.MetricStat.Stat is invalid.`);
    }
  });
}

/** Runs every query over [start, end) ms; results of queries with ReturnData false included. */
export function runQueries(store: MetricStore, queries: MetricDataQuery[], start: number, end: number): QueryResult[] {
  const results = new Map<string, QueryResult>();
  const statPeriods = queries.filter((q) => q.MetricStat).map((q) => q.MetricStat!.Period);
  const defaultPeriod = statPeriods.length ? Math.min(...statPeriods) : 60;
  for (const q of queries) {
    if (!q.MetricStat) continue;
    const { Metric, Period, Stat } = q.MetricStat;
    const points = store.query(metricIdOf(Metric), Stat, Period * 1000, start, end);
    results.set(q.Id, { Id: q.Id, Label: q.Label ?? Metric.MetricName ?? q.Id, timestamps: points.map((p) => p.timestamp), values: points.map((p) => p.value), period: Period });
  }
  const asSeries = (r: QueryResult): Series => new Map(r.timestamps.map((t, i) => [t, r.values[i]]));
  const pending = queries.filter((q) => q.Expression);
  // Expressions may refer to each other in any order; resolve them until none is left.
  const evaluating = new Set<string>();
  const resolve = (q: MetricDataQuery): QueryResult => {
    const done = results.get(q.Id);
    if (done) return done;
    if (evaluating.has(q.Id)) throw invalid(`Error in expression ${q.Id}: circular reference to ${q.Id}.`);
    evaluating.add(q.Id);
    let value: MathValue;
    try {
      value = evaluateExpression(q.Expression!, {
        series: (id) => {
          const other = queries.find((o) => o.Id === id);
          return other ? asSeries(resolve(other)) : undefined;
        },
        metrics: (filter) => queries.filter((o) => o.MetricStat && (!filter || o.Id.includes(filter))).map((o) => asSeries(results.get(o.Id)!)),
      });
    } catch (err) {
      if (err instanceof MathError) throw invalid(`Error in expression ${q.Id}: ${err.message}`);
      throw err;
    }
    if (Array.isArray(value)) throw invalid(`Error in expression ${q.Id}: the expression returns more than one time series; use SUM, AVG, MIN or MAX to combine them.`);
    const period = q.Period ?? defaultPeriod;
    let series: Series;
    if (typeof value === 'number') {
      // A scalar becomes a flat line over the period starts the other queries have.
      const times = new Set<number>();
      for (const r of results.values()) for (const t of r.timestamps) times.add(t);
      series = new Map([...times].map((t) => [t, value as number]));
    } else series = value;
    const times = [...series.keys()].filter((t) => Number.isFinite(series.get(t)!)).sort((a, b) => a - b);
    const result = { Id: q.Id, Label: q.Label ?? q.Id, timestamps: times, values: times.map((t) => series.get(t)!), period };
    results.set(q.Id, result);
    return result;
  };
  for (const q of pending) resolve(q);
  return queries.map((q) => results.get(q.Id)!);
}
