import { describe, expect, it } from 'vitest';
import { evaluateMetricAlarm, type AlarmRule, type AlarmState, type PeriodDatapoint } from './evaluation';

const T0 = Date.parse('2026-11-23T13:40:00Z');
const MIN = 60_000;
const starts = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * MIN);
const now = T0 + 5 * MIN + 12_345;

function rule(partial: Partial<AlarmRule> = {}): AlarmRule {
  return { comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'missing', statistic: 'Sum', period: 60, ...partial };
}

/** Values per period, oldest first; undefined is a missing period. */
function run(values: (number | undefined)[], r: Partial<AlarmRule> = {}, current: AlarmState = 'OK') {
  const s = starts(values.length);
  const datapoints: PeriodDatapoint[] = values.flatMap((v, i) => (v === undefined ? [] : [{ timestamp: s[i], value: v, sampleCount: 1 }]));
  return evaluateMetricAlarm({ rule: rule({ evaluationPeriods: values.length, datapointsToAlarm: values.length, ...r }), periodStarts: s, datapoints, current, now });
}

describe('metric alarm evaluation', () => {
  it('goes to ALARM when M of N datapoints breach, naming them newest first', () => {
    const e = run([5, 0, 2], { datapointsToAlarm: 2 });
    expect(e?.state).toBe('ALARM');
    expect(e?.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [2.0 (23/11/26 13:42:00), 5.0 (23/11/26 13:40:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
  });

  it('stays OK when fewer than M of N breach', () => {
    const e = run([5, 0, 0], { datapointsToAlarm: 2 }, 'ALARM');
    expect(e?.state).toBe('OK');
    expect(e?.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [0.0 (23/11/26 13:42:00), 0.0 (23/11/26 13:41:00)] were not greater than or equal to the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).',
    );
  });

  it('uses the short reason for a single period leaving INSUFFICIENT_DATA', () => {
    const e = run([3], {}, 'INSUFFICIENT_DATA');
    expect(e?.reason).toBe('Threshold Crossed: 1 datapoint [3.0 (23/11/26 13:40:00)] was greater than or equal to the threshold (1.0).');
  });

  it('writes reason data as CloudWatch does', () => {
    const e = run([0.5, 2], { evaluationPeriods: 2, datapointsToAlarm: 1 });
    expect(JSON.parse(e!.reasonData)).toEqual({
      version: '1.0',
      queryDate: '2026-11-23T13:45:12.345+0000',
      startDate: '2026-11-23T13:40:00.000+0000',
      statistic: 'Sum',
      period: 60,
      recentDatapoints: [0.5, 2],
      threshold: 1,
      evaluatedDatapoints: [
        { timestamp: '2026-11-23T13:41:00.000+0000', sampleCount: 1, value: 2 },
        { timestamp: '2026-11-23T13:40:00.000+0000', sampleCount: 1, value: 0.5 },
      ],
    });
  });

  describe('with every period missing', () => {
    it('missing: INSUFFICIENT_DATA', () => {
      const e = run([undefined, undefined, undefined], { treatMissingData: 'missing' });
      expect(e).toMatchObject({ state: 'INSUFFICIENT_DATA', reason: 'Insufficient Data: 3 datapoints were unknown.' });
    });
    it('ignore: the current state is kept', () => {
      expect(run([undefined, undefined, undefined], { treatMissingData: 'ignore' }, 'ALARM')).toBeUndefined();
    });
    it('breaching: ALARM', () => {
      const e = run([undefined], { treatMissingData: 'breaching' });
      expect(e).toMatchObject({ state: 'ALARM', reason: 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].' });
    });
    it('notBreaching: OK', () => {
      const e = run([undefined, undefined], { treatMissingData: 'notBreaching' }, 'ALARM');
      expect(e).toMatchObject({ state: 'OK', reason: 'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [NonBreaching].' });
    });
  });

  describe('with some periods missing', () => {
    it('breaching counts the missing periods toward M', () => {
      expect(run([5, undefined, 0], { datapointsToAlarm: 2, treatMissingData: 'breaching' })?.state).toBe('ALARM');
    });
    it('notBreaching does not', () => {
      expect(run([5, undefined, 0], { datapointsToAlarm: 2, treatMissingData: 'notBreaching' })?.state).toBe('OK');
    });
    it('missing and ignore evaluate the present datapoints only', () => {
      expect(run([5, undefined, 5], { datapointsToAlarm: 2, treatMissingData: 'missing' })?.state).toBe('ALARM');
      expect(run([5, undefined, undefined], { datapointsToAlarm: 2, treatMissingData: 'ignore' }, 'ALARM')?.state).toBe('OK');
    });
  });

  it('compares with each operator', () => {
    expect(run([1], { comparisonOperator: 'GreaterThanThreshold' })?.state).toBe('OK');
    expect(run([1], { comparisonOperator: 'LessThanOrEqualToThreshold' })?.state).toBe('ALARM');
    expect(run([0.99], { comparisonOperator: 'LessThanThreshold' })?.state).toBe('ALARM');
  });
});
