import { describe, expect, it } from 'vitest';
import { conditionText, forDuration, newlyFiring } from './format';

describe('on-call page wording', () => {
  const now = Date.parse('2026-11-23T14:00:00Z');
  it('says since when an alarm is in its state', () => {
    expect(forDuration('2026-11-23T13:59:20Z', now)).toBe('for 40 s');
    expect(forDuration('2026-11-23T13:37:00Z', now)).toBe('for 23 min');
    expect(forDuration('2026-11-23T11:55:00Z', now)).toBe('for 2 h 5 min');
    expect(forDuration('2026-11-20T10:00:00Z', now)).toBe('for 3 d 4 h');
  });
  it('writes the condition with its threshold, comparison and M of N', () => {
    expect(conditionText({ statistic: 'Sum', comparison: 'GreaterThanOrEqualToThreshold', threshold: 1, datapointsToAlarm: 1, evaluationPeriods: 10, period: 60 })).toBe(
      'Sum ≥ 1 in 1 of 10 periods of 1 min',
    );
    expect(conditionText({ statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 30, datapointsToAlarm: 2, evaluationPeriods: 3, period: 300 })).toBe(
      'Maximum > 30 in 2 of 3 periods of 5 min',
    );
    expect(conditionText({})).toBe('');
  });
  it('finds alarms that started firing since the last refresh, not on the first load', () => {
    const alarms = [
      { name: 'a', state: 'ALARM' },
      { name: 'b', state: 'ALARM' },
      { name: 'c', state: 'OK' },
    ];
    expect(newlyFiring(undefined, alarms)).toEqual([]);
    expect(newlyFiring(new Set(['a']), alarms)).toEqual(['b']);
  });
});
