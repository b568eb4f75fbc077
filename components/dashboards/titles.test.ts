import { describe, expect, it } from 'vitest';
import { ACCESS_COUNT_QUERY, ERROR_COUNT_QUERY } from '@/lib/logs-insights/seed-queries';
import { logWidgetTitle } from './titles';

describe('log widget titles', () => {
  it('names the seed queries after their stats output', () => {
    expect([logWidgetTitle(ACCESS_COUNT_QUERY), logWidgetTitle(ERROR_COUNT_QUERY)]).toEqual(['ACCESS_COUNT', 'ERROR_COUNT']);
  });

  it('uses the first line of a query without a named stats output', () => {
    expect(logWidgetTitle('fields @timestamp, @message\n| sort @timestamp desc')).toBe('fields @timestamp, @message');
  });
});
