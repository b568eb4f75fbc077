import { queryOptions } from '@tanstack/react-query';
import type { Dashboard, DashboardSummary, DashboardVersion } from '@/lib/dashboards/model';
import { apiRequest } from '../client';
import { resourceKey } from '../keys';

export type DashboardList = 'mine' | 'shared' | 'deleted';

/** A CloudWatch dashboard as ListDashboards describes it. */
export interface CloudWatchDashboardEntry {
  name: string;
  lastModified?: string;
  size?: number;
}

export type CloudWatchDecision = { allowed: true } | { allowed: false; requires: string; why: 'allLogs' | 'read' | 'write'; reason: string };

export const dashboardPath = (id: string, ...rest: string[]) => ['/api/v1/dashboards', encodeURIComponent(id), ...rest].join('/');

/** Every list of dashboards (mine, shared, deleted): what a write may change. */
export const dashboardListsKey = resourceKey({ resource: 'dashboard-lists' });

export function dashboardListQuery(list: DashboardList) {
  return queryOptions({ queryKey: resourceKey({ resource: 'dashboard-lists', list }), queryFn: () => apiRequest<{ items: DashboardSummary[] }>(`/api/v1/dashboards?list=${list}`) });
}

export function dashboardQuery(id: string) {
  return queryOptions({ queryKey: resourceKey({ resource: 'dashboard', id }), queryFn: () => apiRequest<Dashboard>(dashboardPath(id)) });
}

export function dashboardVersionsQuery(id: string) {
  return queryOptions({ queryKey: resourceKey({ resource: 'dashboard-versions', id }), queryFn: () => apiRequest<{ items: DashboardVersion[]; hidden: number }>(dashboardPath(id, 'versions')) });
}

export function cloudWatchDashboardsQuery(cluster: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'cloudwatch-dashboards', cluster }),
    queryFn: () => apiRequest<{ items: CloudWatchDashboardEntry[] }>(`/api/v1/dashboards/cloudwatch?cluster=${encodeURIComponent(cluster)}`),
  });
}

/** What the viewer may do with the account's CloudWatch dashboards, asked of the cluster's API server. */
export function cloudWatchAccessQuery(cluster: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'cloudwatch-dashboard-access', cluster }),
    queryFn: () => apiRequest<{ read: CloudWatchDecision; publish: CloudWatchDecision }>(`/api/v1/dashboards/cloudwatch/access?cluster=${encodeURIComponent(cluster)}`),
  });
}
