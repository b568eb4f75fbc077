import { describe, expect, it } from 'vitest';
import { CronError, checkTimeZone, mostRecentActivation, nextActivation, parseSchedule } from './cron';

const at = (s: string) => Date.parse(s);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('cron schedules', () => {
  it('steps, ranges, lists and names', () => {
    expect(iso(nextActivation(parseSchedule('*/15 * * * *'), at('2026-01-01T10:07:30Z')))).toBe('2026-01-01T10:15:00.000Z');
    expect(iso(nextActivation(parseSchedule('0 9-17/4 * * mon-fri'), at('2026-01-02T17:00:00Z')))).toBe('2026-01-05T09:00:00.000Z');
    expect(iso(nextActivation(parseSchedule('30 2 1,15 feb *'), at('2026-01-20T00:00:00Z')))).toBe('2026-02-01T02:30:00.000Z');
    expect(iso(nextActivation(parseSchedule('@hourly'), at('2026-01-01T10:00:00Z')))).toBe('2026-01-01T11:00:00.000Z');
  });

  it('day-of-month and day-of-week both restricted match either (cron semantics)', () => {
    // 2026-01-13 is a Tuesday; the 15th is a Thursday.
    expect(iso(nextActivation(parseSchedule('0 0 15 * 2'), at('2026-01-12T00:00:00Z')))).toBe('2026-01-13T00:00:00.000Z');
    expect(iso(nextActivation(parseSchedule('0 0 15 * *'), at('2026-01-12T00:00:00Z')))).toBe('2026-01-15T00:00:00.000Z');
  });

  it('finds the most recent activation and counts the missed ones', () => {
    expect(mostRecentActivation(parseSchedule('*/1 * * * *'), at('2026-01-01T00:00:00Z'), at('2026-01-01T00:05:30Z'))).toEqual({ time: at('2026-01-01T00:05:00Z'), missed: 4 });
    expect(mostRecentActivation(parseSchedule('0 * * * *'), at('2026-01-01T00:00:00Z'), at('2026-01-01T00:59:00Z'))).toEqual({ time: undefined, missed: 0 });
  });

  it('follows spec.timeZone', () => {
    // 09:00 in Seoul (UTC+9, no DST) is 00:00 UTC.
    expect(iso(nextActivation(parseSchedule('0 9 * * *'), at('2026-01-01T01:00:00Z'), 'Asia/Seoul'))).toBe('2026-01-02T00:00:00.000Z');
    // 17:00 in New York is 22:00 UTC in winter and 21:00 UTC in summer.
    expect(iso(nextActivation(parseSchedule('0 17 * * *'), at('2026-01-10T00:00:00Z'), 'America/New_York'))).toBe('2026-01-10T22:00:00.000Z');
    expect(iso(nextActivation(parseSchedule('0 17 * * *'), at('2026-07-10T00:00:00Z'), 'America/New_York'))).toBe('2026-07-10T21:00:00.000Z');
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(new CronError('unknown time zone Mars/Olympus'));
  });

  it('rejects malformed schedules with robfig/cron messages', () => {
    expect(() => parseSchedule('* * * *')).toThrow(new CronError('expected exactly 5 fields, found 4: * * * *'));
    expect(() => parseSchedule('61 * * * *')).toThrow(new CronError('end of range (61) above maximum (59): 61'));
  });
});
