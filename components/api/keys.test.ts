import { hashKey, QueryClient, type Query, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { keyWithin } from './keys';
import { alarmQuery, alarmsKey, alarmsQuery } from './queries/alarms';
import { dashboardListQuery, dashboardListsKey, dashboardQuery } from './queries/dashboards';
import { overviewQuery } from './queries/overview';
import { sessionKey } from './queries/session';

/** What TanStack passes a placeholderData function: the previous data and the query it came from. */
function placeholder<T>(options: { placeholderData?: unknown }, previous: T, previousKey: readonly unknown[]): T | undefined {
  const fn = options.placeholderData as (data: T, query: Query) => T | undefined;
  return fn(previous, { queryKey: previousKey } as unknown as Query);
}

describe('query keys', () => {
  it("invalidating a cluster's alarms marks its list and each alarm's page stale, and no other cluster's", async () => {
    const client = new QueryClient();
    for (const key of [alarmsQuery('a').queryKey, alarmQuery('a', 'High CPU', '1h').queryKey, alarmsQuery('b').queryKey, alarmQuery('b', 'High CPU', '1h').queryKey] as QueryKey[])
      client.setQueryData(key, {});
    await client.invalidateQueries({ queryKey: alarmsKey('a') }, { cancelRefetch: false });
    const stale = client
      .getQueryCache()
      .findAll()
      .filter((q) => q.state.isInvalidated)
      .map((q) => q.queryHash);
    expect(stale.sort()).toEqual([alarmsQuery('a').queryKey, alarmQuery('a', 'High CPU', '1h').queryKey].map((k) => hashKey(k)).sort());
  });

  it('keeps an alarm page while another range of the same alarm loads, and not while another alarm loads', () => {
    const options = alarmQuery('a', 'High CPU', '3h');
    expect(placeholder(options, 'shown', alarmQuery('a', 'High CPU', '1h').queryKey)).toBe('shown');
    expect(placeholder(options, 'shown', alarmQuery('a', 'Low disk', '3h').queryKey)).toBeUndefined();
  });

  it("does not show another namespace's overview while this one loads", () => {
    expect(placeholder(overviewQuery('a', 'eks-work'), 'shown', overviewQuery('a', 'eks-work').queryKey)).toBe('shown');
    expect(placeholder(overviewQuery('a', 'eks-work'), 'shown', overviewQuery('a', 'rbac-test-ns').queryKey)).toBeUndefined();
  });

  it('matches every dashboard list by the lists key, and no single dashboard', () => {
    expect(['mine', 'shared', 'deleted'].map((list) => keyWithin(dashboardListQuery(list as 'mine').queryKey, dashboardListsKey))).toEqual([true, true, true]);
    expect(keyWithin(dashboardQuery('d1').queryKey, dashboardListsKey)).toBe(false);
  });

  it('tells the session from every other read, as signing in keeps only the session', () => {
    expect([keyWithin(sessionKey, sessionKey), keyWithin(alarmsQuery('a').queryKey, sessionKey)]).toEqual([true, false]);
  });
});
