/** Words and numbers of the on-call page. Pure. */

const COMPARISON: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/** "for 23 min", "for 2 h 5 min", "for 3 d 4 h", "for 40 s". */
export function forDuration(since: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (s < 60) return `for ${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `for ${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `for ${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `for ${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

function periodText(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "Sum ≥ 1 in 1 of 10 periods of 1 min", the condition as one line. */
export function conditionText(a: {
  statistic?: string;
  comparison?: string;
  threshold?: number;
  datapointsToAlarm?: number;
  evaluationPeriods?: number;
  period?: number;
  expression?: string;
}): string {
  if (a.threshold === undefined || !a.comparison) return '';
  const what = a.expression ? a.expression : (a.statistic ?? '');
  const n = a.evaluationPeriods ?? 1;
  const m = a.datapointsToAlarm ?? n;
  const periods = a.period ? ` of ${periodText(a.period)}` : '';
  return `${what} ${COMPARISON[a.comparison] ?? a.comparison} ${a.threshold} in ${m} of ${n} ${n === 1 ? 'period' : 'periods'}${periods}`;
}

/** Names newly firing since the last look: in ALARM now, not in ALARM before. */
export function newlyFiring(previous: Set<string> | undefined, current: { name: string; state: string }[]): string[] {
  if (!previous) return [];
  return current.filter((a) => a.state === 'ALARM' && !previous.has(a.name)).map((a) => a.name);
}

export function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 16);
}
