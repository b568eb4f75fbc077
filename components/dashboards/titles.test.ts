import { describe, expect, it } from 'vitest';
import { ACCESS_COUNT_QUERY, ERROR_COUNT_QUERY } from '@/lib/logs-insights/seed-queries';
import { logWidgetTitle } from './titles';

describe('log widget titles', () => {
  it('names the seed queries after their stats output', () => {
    expect([logWidgetTitle(ACCESS_COUNT_QUERY), logWidgetTitle(ERROR_COUNT_QUERY)]).toEqual(['ACCESS_COUNT', 'ERROR_COUNT']);
  });

  it('takes the saved query name when the query came from one', () => {
    expect(logWidgetTitle(ERROR_COUNT_QUERY, 'backend/errors by app')).toBe('backend/errors by app');
    expect(logWidgetTitle(ERROR_COUNT_QUERY, '  ')).toBe('ERROR_COUNT');
  });

  it('sums up an unnamed stats by what it counts and groups by', () => {
    expect(logWidgetTitle('fields log\n| stats count(*) by kubernetes.pod_name, bin(5m)')).toBe('count(*) by kubernetes.pod_name, bin(5m)');
  });

  it('sums up a query without stats by its filters', () => {
    expect(logWidgetTitle('fields @timestamp, log\n| filter log like /ERROR/\n| filter kubernetes.namespace_name = "eks-work"\n| sort @timestamp desc')).toBe(
      'log like /ERROR/ and kubernetes.namespace_name = "eks-work"',
    );
  });

  it('uses the first command of a query with neither, and the first line of one that does not parse', () => {
    expect(logWidgetTitle('fields @timestamp, @message\n| sort @timestamp desc')).toBe('fields @timestamp, @message');
    expect(logWidgetTitle('fields @timestamp,\n| stats count(')).toBe('fields @timestamp,');
  });

  it('cuts a long title to 60 characters, the last an ellipsis', () => {
    const title = logWidgetTitle(`filter log like /${'x'.repeat(80)}/`);
    expect([title.length, title.slice(0, 18), title.at(-1)]).toEqual([60, 'log like /xxxxxxxx', '…']);
  });
});
