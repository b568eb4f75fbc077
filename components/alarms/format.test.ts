import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { alarmCondition, newlyFiring, spanSince } from './format';
import { conditionSentence, forText } from './words';

const english = createTranslator({ locale: 'en', messages: en, namespace: 'Alarms' });
const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'Alarms' });

describe('on-call page wording', () => {
  const now = Date.parse('2026-11-23T14:00:00Z');
  const since = ['2026-11-23T13:59:20Z', '2026-11-23T13:37:00Z', '2026-11-23T11:55:00Z', '2026-11-20T10:00:00Z', '2026-11-23T12:00:00Z'];
  it('measures since when an alarm is in its state in its two largest units', () => {
    expect(since.map((s) => spanSince(s, now))).toEqual([
      { unit: 's', value: 40, rest: 0 },
      { unit: 'min', value: 23, rest: 0 },
      { unit: 'h', value: 2, rest: 5 },
      { unit: 'd', value: 3, rest: 4 },
      { unit: 'h', value: 2, rest: 0 },
    ]);
  });
  it('says since when an alarm is in its state, in English and Korean', () => {
    expect(since.map((s) => forText(spanSince(s, now), english))).toEqual(['for 40 s', 'for 23 min', 'for 2 h 5 min', 'for 3 d 4 h', 'for 2 h']);
    expect(since.map((s) => forText(spanSince(s, now), korean))).toEqual(['40초째', '23분째', '2시간 5분째', '3일 4시간째', '2시간째']);
  });
  it('writes the condition with its threshold, comparison and M of N', () => {
    const sum = alarmCondition({ statistic: 'Sum', comparison: 'GreaterThanOrEqualToThreshold', threshold: 1, datapointsToAlarm: 1, evaluationPeriods: 10, period: 60 });
    const max = alarmCondition({ statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 30, datapointsToAlarm: 2, evaluationPeriods: 3, period: 300 });
    const one = alarmCondition({ statistic: 'Average', comparison: 'LessThanThreshold', threshold: 0.5, evaluationPeriods: 1 });
    expect(sum).toEqual({ what: 'Sum', comparison: '≥', threshold: 1, datapoints: 1, periods: 10, period: { unit: 'min', value: 1, rest: 0 } });
    expect([sum!, max!, one!].map((c) => conditionSentence(c, english))).toEqual(['Sum ≥ 1 in 1 of 10 periods of 1 min', 'Maximum > 30 in 2 of 3 periods of 5 min', 'Average < 0.5 in 1 of 1 period']);
    expect([sum!, max!, one!].map((c) => conditionSentence(c, korean))).toEqual(['Sum ≥ 1 (1분 기간 10개 중 1개)', 'Maximum > 30 (5분 기간 3개 중 2개)', 'Average < 0.5 (기간 1개 중 1개)']);
    expect(alarmCondition({})).toBeUndefined();
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
