'use client';
/** The dashboards' door to the console API: If-Match on saves, the CSRF token on every write. */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from '@/components/api/client';
import { writeWithCsrf } from '@/components/api/session';
import type { ErrorObject } from '@/components/api/types';
import type { Dashboard, DashboardBody, DashboardSummary, DashboardVersion, VersionConflict } from '@/lib/dashboards/model';

export type DashboardList = 'mine' | 'shared' | 'deleted';

export const dashboardKeys = {
  list: (list: DashboardList) => ['dashboards', 'list', list] as const,
  one: (id: string) => ['dashboards', 'one', id] as const,
  versions: (id: string) => ['dashboards', 'one', id, 'versions'] as const,
  cloudWatch: (cluster: string) => ['dashboards', 'cloudwatch', cluster] as const,
  cloudWatchAccess: (cluster: string) => ['dashboards', 'cloudwatch', cluster, 'access'] as const,
};

/** A CloudWatch dashboard as ListDashboards describes it. */
export interface CloudWatchDashboardEntry {
  name: string;
  lastModified?: string;
  size?: number;
}

export type CloudWatchDecision = { allowed: true } | { allowed: false; requires: string; reason: string };

/** The 409 of a stale save, with both versions. */
export function conflictOf(error: unknown): VersionConflict | undefined {
  if (!(error instanceof ApiError) || error.httpStatus !== 409) return undefined;
  return (error.error as ErrorObject & { conflict?: VersionConflict }).conflict;
}

/** The 409 of a publish under a name CloudWatch already has: what is there. */
export function nameTakenOf(error: unknown): CloudWatchDashboardEntry | undefined {
  if (!(error instanceof ApiError) || error.httpStatus !== 409) return undefined;
  return (error.error as ErrorObject & { existing?: CloudWatchDashboardEntry }).existing;
}

/** A write: the session's CSRF token, and If-Match when a version is given. */
export function dashboardWrite<T>(queryClient: QueryClient, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, ifMatch?: number): Promise<T> {
  return writeWithCsrf<T>(queryClient, method, path, body, ifMatch === undefined ? undefined : { 'If-Match': `"${ifMatch}"` });
}

const path = (id: string, ...rest: string[]) => ['/api/v1/dashboards', encodeURIComponent(id), ...rest].join('/');

export function useDashboardList(list: DashboardList) {
  return useQuery({ queryKey: dashboardKeys.list(list), queryFn: () => apiRequest<{ items: DashboardSummary[] }>(`/api/v1/dashboards?list=${list}`) });
}

export function useDashboard(id: string) {
  return useQuery({ queryKey: dashboardKeys.one(id), queryFn: () => apiRequest<Dashboard>(path(id)) });
}

export function useDashboardVersions(id: string, enabled: boolean) {
  return useQuery({ queryKey: dashboardKeys.versions(id), queryFn: () => apiRequest<{ items: DashboardVersion[]; hidden: number }>(path(id, 'versions')), enabled });
}

export interface SaveInput {
  title: string;
  shared: boolean;
  body: DashboardBody;
}

/** Every dashboard write, each refreshing what it changes. */
export function useDashboardActions() {
  const queryClient = useQueryClient();
  const settle = (d?: Dashboard) => {
    if (d) queryClient.setQueryData(dashboardKeys.one(d.id), d);
    void queryClient.invalidateQueries({ queryKey: ['dashboards', 'list'] });
    if (d) void queryClient.invalidateQueries({ queryKey: dashboardKeys.versions(d.id) });
  };
  const run = async <T extends Dashboard | undefined>(p: Promise<T>) => {
    const d = await p;
    settle(d);
    return d;
  };
  return {
    /** Shows a version learnt elsewhere (a 409's current one) as the dashboard. */
    adopt: (d: Dashboard) => settle(d),
    create: (input: Partial<SaveInput> & { title: string }) => run(dashboardWrite<Dashboard>(queryClient, 'POST', '/api/v1/dashboards', input)),
    save: (id: string, baseVersion: number, input: SaveInput) => run(dashboardWrite<Dashboard>(queryClient, 'PUT', path(id), input, baseVersion)),
    remove: (id: string, version: number) => run(dashboardWrite<Dashboard>(queryClient, 'DELETE', path(id), undefined, version)),
    undelete: (id: string) => run(dashboardWrite<Dashboard>(queryClient, 'POST', path(id, 'undelete'), {})),
    duplicate: (id: string) => run(dashboardWrite<Dashboard>(queryClient, 'POST', path(id, 'duplicate'), {})),
    restore: (id: string, baseVersion: number, version: number) => run(dashboardWrite<Dashboard>(queryClient, 'POST', path(id, 'versions', String(version), 'restore'), undefined, baseVersion)),
    importBody: async (input: { title: string; body: string } | { title?: string; cloudWatchName: string; cluster: string }) => {
      const out = await dashboardWrite<{ dashboard: Dashboard; skipped: string[] }>(queryClient, 'POST', '/api/v1/dashboards/import', input);
      settle(out.dashboard);
      return out;
    },
    exportBody: (id: string, cluster: string) => apiRequest<{ body: unknown; omitted: string[] }>(`${path(id, 'export')}?cluster=${encodeURIComponent(cluster)}`),
    /** `overwrite` confirms replacing the CloudWatch dashboard a 409 described. */
    publish: async (id: string, name: string, cluster: string, overwrite?: { lastModified: string }) => {
      const out = await dashboardWrite<{ name: string; validationMessages: { dataPath?: string; message?: string }[]; omitted: string[]; replaced?: CloudWatchDashboardEntry }>(
        queryClient,
        'POST',
        path(id, 'publish'),
        { name, cluster, ...(overwrite ? { overwrite } : {}) },
      );
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.cloudWatch(cluster) });
      return out;
    },
  };
}

export function useCloudWatchDashboards(cluster: string, enabled: boolean) {
  return useQuery({
    queryKey: dashboardKeys.cloudWatch(cluster),
    queryFn: () => apiRequest<{ items: CloudWatchDashboardEntry[] }>(`/api/v1/dashboards/cloudwatch?cluster=${encodeURIComponent(cluster)}`),
    enabled,
    retry: false,
  });
}

/** What the viewer may do with the account's CloudWatch dashboards, asked of the cluster's API server. */
export function useCloudWatchAccess(cluster: string) {
  return useQuery({
    queryKey: dashboardKeys.cloudWatchAccess(cluster),
    queryFn: () => apiRequest<{ read: CloudWatchDecision; publish: CloudWatchDecision }>(`/api/v1/dashboards/cloudwatch/access?cluster=${encodeURIComponent(cluster)}`),
    retry: false,
  });
}

