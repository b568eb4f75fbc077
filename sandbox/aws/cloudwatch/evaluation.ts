/**
 * One evaluation of a metric alarm, as CloudWatch does it: the last `evaluationPeriods`
 * periods, `datapointsToAlarm` of them breaching (M out of N) sends it to ALARM, missing
 * periods treated as `missing`, `notBreaching`, `breaching` or `ignore`; the state reason
 * text and reason data in CloudWatch's words.
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';
export type ComparisonOperator = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'];
export const TREAT_MISSING_DATA: readonly TreatMissingData[] = ['missing', 'notBreaching', 'breaching', 'ignore'];

const COMPARISON_TEXT: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export interface PeriodDatapoint {
  /** Start of the period, ms. */
  timestamp: number;
  value: number;
  sampleCount: number;
}

export interface AlarmRule {
  comparisonOperator: ComparisonOperator;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
  /** For the reason data: `Sum`, `p99`, or undefined for a metric math alarm. */
  statistic?: string;
  /** Seconds. */
  period: number;
}

export interface EvaluationInput {
  rule: AlarmRule;
  /** The evaluated periods' starts, oldest first (length = evaluationPeriods). */
  periodStarts: number[];
  /** The datapoints found in those periods. */
  datapoints: PeriodDatapoint[];
  current: AlarmState;
  /** When the evaluation runs, ms. */
  now: number;
}

export interface Evaluation {
  state: AlarmState;
  reason: string;
  reasonData: string;
}

export function breaches(op: ComparisonOperator, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

/** A number as CloudWatch (Java) prints a double: `5.0`, `0.5`, `99.83333333333333`. */
export function javaDouble(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e7 ? n.toFixed(1) : String(n);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `23/11/26 13:40:00`, the datapoint time in a state reason. */
export function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2026-11-23T13:40:00.000+0000`, the times in reason data. */
export function reasonDataTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The state the alarm should be in now; undefined when `ignore` keeps the current state. */
export function evaluateMetricAlarm(input: EvaluationInput): Evaluation | undefined {
  const { rule, periodStarts, now, current } = input;
  const byStart = new Map(input.datapoints.map((d) => [d.timestamp, d]));
  const present = periodStarts.map((t) => byStart.get(t)).filter((d): d is PeriodDatapoint => d !== undefined);
  const missing = periodStarts.length - present.length;
  const reasonData = () =>
    JSON.stringify({
      version: '1.0',
      queryDate: reasonDataTime(now),
      ...(present.length ? { startDate: reasonDataTime(present[0].timestamp) } : {}),
      ...(rule.statistic ? { statistic: rule.statistic } : {}),
      period: rule.period,
      recentDatapoints: present.map((d) => d.value),
      threshold: rule.threshold,
      evaluatedDatapoints: [...present].reverse().map((d) => ({ timestamp: reasonDataTime(d.timestamp), sampleCount: d.sampleCount, value: d.value })),
    });

  if (present.length === 0) {
    switch (rule.treatMissingData) {
      case 'ignore':
        return undefined;
      case 'missing':
        return {
          state: 'INSUFFICIENT_DATA',
          reason: `Insufficient Data: ${missing} ${plural(missing, 'datapoint was', 'datapoints were')} unknown.`,
          reasonData: reasonData(),
        };
      case 'breaching':
      case 'notBreaching': {
        const state: AlarmState = rule.treatMissingData === 'breaching' ? 'ALARM' : 'OK';
        const treated = rule.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching';
        return {
          state,
          reason: `Threshold Crossed: no datapoints were received for ${missing} ${plural(missing, 'period', 'periods')} and ${missing} missing ${plural(missing, 'datapoint was', 'datapoints were')} treated as [${treated}].`,
          reasonData: reasonData(),
        };
      }
    }
  }

  const breaching = present.filter((d) => breaches(rule.comparisonOperator, d.value, rule.threshold));
  const breachCount = breaching.length + (rule.treatMissingData === 'breaching' ? missing : 0);
  const state: AlarmState = breachCount >= rule.datapointsToAlarm ? 'ALARM' : 'OK';
  // The reason lists the datapoints that decided the state, newest first.
  const deciding = (state === 'ALARM' ? breaching : present.filter((d) => !breaching.includes(d))).reverse();
  const listed = `[${deciding.map((d) => `${javaDouble(d.value)} (${reasonTime(d.timestamp)})`).join(', ')}]`;
  const compared = `${state === 'ALARM' ? '' : 'not '}${COMPARISON_TEXT[rule.comparisonOperator]} the threshold (${javaDouble(rule.threshold)})`;
  const count = state === 'ALARM' ? breachCount : present.length - breaching.length;
  let reason: string;
  if (current === 'INSUFFICIENT_DATA' && rule.evaluationPeriods === 1) {
    reason = `Threshold Crossed: ${count} ${plural(count, 'datapoint', 'datapoints')} ${listed} ${plural(count, 'was', 'were')} ${compared}.`;
  } else {
    const transition = state === 'ALARM' ? `${current === 'ALARM' ? 'OK' : current} -> ALARM` : `${current === 'OK' ? 'ALARM' : current} -> OK`;
    const minimum = state === 'ALARM' ? rule.datapointsToAlarm : rule.evaluationPeriods - rule.datapointsToAlarm + 1;
    reason =
      `Threshold Crossed: ${count} out of the last ${rule.evaluationPeriods} datapoints ${listed} ${plural(count, 'was', 'were')} ${compared} ` +
      `(minimum ${minimum} ${plural(minimum, 'datapoint', 'datapoints')} for ${transition} transition).`;
  }
  return { state, reason, reasonData: reasonData() };
}
