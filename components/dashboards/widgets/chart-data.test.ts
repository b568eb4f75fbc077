import { describe, expect, it } from 'vitest';
import { chartData, pieSlices, resultTable } from './chart-data';

const row = (r: Record<string, string>) => Object.entries(r).map(([field, value]) => ({ field, value }));

describe('log widget result shapes', () => {
  it('a table has the fields in order of first appearance, without @ptr', () => {
    expect(resultTable([row({ '@timestamp': '2026-01-01 00:00:00.000', '@message': 'a', '@ptr': 'x' }), row({ '@message': 'b', level: 'WARN' })])).toEqual({
      columns: ['@timestamp', '@message', 'level'],
      rows: [
        { '@timestamp': '2026-01-01 00:00:00.000', '@message': 'a' },
        { '@message': 'b', level: 'WARN' },
      ],
    });
  });

  it('ACCESS_COUNT (one total) becomes one bar named after it', () => {
    const data = chartData([row({ ACCESS_COUNT: '42' })]);
    expect(data).toEqual({ time: false, category: 'name', series: ['value'], points: [{ name: 'ACCESS_COUNT', value: 42 }] });
    expect(pieSlices(data)).toEqual([{ name: 'ACCESS_COUNT', value: 42 }]);
  });

  it('ERROR_COUNT by APP becomes a bar per app', () => {
    const data = chartData([row({ APP: 'backend-app', ERROR_COUNT: '12' }), row({ APP: 'fluentd-cloudwatch', ERROR_COUNT: '3' })]);
    expect(data).toEqual({
      category: 'APP',
      time: false,
      series: ['ERROR_COUNT'],
      points: [
        { APP: 'backend-app', ERROR_COUNT: 12 },
        { APP: 'fluentd-cloudwatch', ERROR_COUNT: 3 },
      ],
    });
    expect(pieSlices(data)).toEqual([
      { name: 'backend-app', value: 12 },
      { name: 'fluentd-cloudwatch', value: 3 },
    ]);
  });

  it('bin() buckets are a time axis, oldest first', () => {
    const data = chartData([row({ 'bin(5m)': '2026-01-01 00:05:00.000', n: '2' }), row({ 'bin(5m)': '2026-01-01 00:00:00.000', n: '1' })]);
    expect([data.time, data.points]).toEqual([
      true,
      [
        { 'bin(5m)': '2026-01-01 00:00:00.000', n: 1 },
        { 'bin(5m)': '2026-01-01 00:05:00.000', n: 2 },
      ],
    ]);
  });
});
