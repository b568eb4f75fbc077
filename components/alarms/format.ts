/** Words and numbers of the on-call page. Pure. */

const COMPARISON: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/** A span of time in its two largest whole units, as the page says it: 40 s; 23 min; 2 h 5 min; 3 d 4 h. */
export interface Span {
  unit: 's' | 'min' | 'h' | 'd';
  value: number;
  /** The next smaller unit (min after h, h after d); 0 when there is none. */
  rest: number;
}

export function spanOf(seconds: number): Span {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return { unit: 's', value: s, rest: 0 };
  const m = Math.floor(s / 60);
  if (m < 60) return { unit: 'min', value: m, rest: 0 };
  const h = Math.floor(m / 60);
  if (h < 24) return { unit: 'h', value: h, rest: m % 60 };
  return { unit: 'd', value: Math.floor(h / 24), rest: h % 24 };
}

/** How long since `since`, e.g. how long an alarm has been in its state. */
export function spanSince(since: string, now: number): Span {
  return spanOf((now - Date.parse(since)) / 1000);
}

/** A period as CloudWatch sets it: whole hours, whole minutes, else seconds. */
function periodSpan(seconds: number): Span {
  if (seconds % 3600 === 0) return { unit: 'h', value: seconds / 3600, rest: 0 };
  if (seconds % 60 === 0) return { unit: 'min', value: seconds / 60, rest: 0 };
  return { unit: 's', value: seconds, rest: 0 };
}

/** An alarm's condition, "Sum ≥ 1 in 1 of 10 periods of 1 min" once said: statistic or expression, comparison, threshold, M of N, period. */
export interface Condition {
  what: string;
  comparison: string;
  threshold: number;
  datapoints: number;
  periods: number;
  period?: Span;
}

export function alarmCondition(a: {
  statistic?: string;
  comparison?: string;
  threshold?: number;
  datapointsToAlarm?: number;
  evaluationPeriods?: number;
  period?: number;
  expression?: string;
}): Condition | undefined {
  if (a.threshold === undefined || !a.comparison) return undefined;
  const periods = a.evaluationPeriods ?? 1;
  return {
    what: a.expression ? a.expression : (a.statistic ?? ''),
    comparison: COMPARISON[a.comparison] ?? a.comparison,
    threshold: a.threshold,
    datapoints: a.datapointsToAlarm ?? periods,
    periods,
    period: a.period ? periodSpan(a.period) : undefined,
  };
}

/** Names newly firing since the last look: in ALARM now, not in ALARM before. */
export function newlyFiring(previous: Set<string> | undefined, current: { name: string; state: string }[]): string[] {
  if (!previous) return [];
  return current.filter((a) => a.state === 'ALARM' && !previous.has(a.name)).map((a) => a.name);
}

export function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 16);
}
