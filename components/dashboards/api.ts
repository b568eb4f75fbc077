'use client';
/** The dashboards' door to the console API: If-Match on saves, the CSRF token on every write. */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from '@/components/api/client';
import {
  cloudWatchAccessQuery,
  cloudWatchDashboardsQuery,
  dashboardListQuery,
  dashboardListsKey,
  dashboardPath as path,
  dashboardQuery,
  dashboardVersionsQuery,
  type CloudWatchDashboardEntry,
  type DashboardList,
} from '@/components/api/queries/dashboards';
import { writeWithCsrf } from '@/components/api/session';
import type { ErrorObject } from '@/components/api/types';
import type { BodyNote } from '@/lib/dashboards/body-notes';
import type { Dashboard, DashboardBody, VersionConflict } from '@/lib/dashboards/model';

export type { CloudWatchDashboardEntry, CloudWatchDecision, DashboardList } from '@/components/api/queries/dashboards';

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

export function useDashboardList(list: DashboardList) {
  return useQuery(dashboardListQuery(list));
}

export function useDashboard(id: string) {
  return useQuery(dashboardQuery(id));
}

export function useDashboardVersions(id: string, enabled: boolean) {
  return useQuery({ ...dashboardVersionsQuery(id), enabled });
}

/**
 * Shows a dashboard the console answered a write with, and marks the lists and its versions as changed. With
 * `refetchLists: false` a list on screen is not read again now, only when it is next shown.
 */
export function settleDashboard(queryClient: QueryClient, d: Dashboard | undefined, { refetchLists = true } = {}) {
  if (d) queryClient.setQueryData(dashboardQuery(d.id).queryKey, d);
  void queryClient.invalidateQueries({ queryKey: dashboardListsKey, ...(refetchLists ? {} : { refetchType: 'none' as const }) });
  if (d) void queryClient.invalidateQueries({ queryKey: dashboardVersionsQuery(d.id).queryKey });
}

export interface SaveInput {
  title: string;
  shared: boolean;
  body: DashboardBody;
}

/** Every dashboard write, each refreshing what it changes. */
export function useDashboardActions() {
  const queryClient = useQueryClient();
  const settle = (d?: Dashboard) => settleDashboard(queryClient, d);
  const run = async <T extends Dashboard | undefined>(p: Promise<T>) => {
    const d = await p;
    settle(d);
    return d;
  };
  return {
    /** Shows a version learnt elsewhere (a 409's current one) as the dashboard. */
    adopt: (d: Dashboard) => settle(d),
    /**
     * A new dashboard, whose page is opened next: the lists are marked stale but not read again now, so the page being
     * left does not redraw its list while the router moves to the new one (a redraw then could leave the user on
     * the list, the new dashboard made but not shown). Coming back to a list reads it again.
     */
    create: async (input: Partial<SaveInput> & { title: string }) => {
      const d = await dashboardWrite<Dashboard>(queryClient, 'POST', '/api/v1/dashboards', input);
      settleDashboard(queryClient, d, { refetchLists: false });
      return d;
    },
    save: (id: string, baseVersion: number, input: SaveInput) => run(dashboardWrite<Dashboard>(queryClient, 'PUT', path(id), input, baseVersion)),
    remove: (id: string, version: number) => run(dashboardWrite<Dashboard>(queryClient, 'DELETE', path(id), undefined, version)),
    undelete: (id: string) => run(dashboardWrite<Dashboard>(queryClient, 'POST', path(id, 'undelete'), {})),
    duplicate: (id: string) => run(dashboardWrite<Dashboard>(queryClient, 'POST', path(id, 'duplicate'), {})),
    restore: (id: string, baseVersion: number, version: number) => run(dashboardWrite<Dashboard>(queryClient, 'POST', path(id, 'versions', String(version), 'restore'), undefined, baseVersion)),
    importBody: async (input: { title: string; body: string } | { title?: string; cloudWatchName: string; cluster: string }) => {
      const out = await dashboardWrite<{ dashboard: Dashboard; skipped: string[]; skippedSays: BodyNote[] }>(queryClient, 'POST', '/api/v1/dashboards/import', input);
      settle(out.dashboard);
      return out;
    },
    exportBody: (id: string, cluster: string) => apiRequest<{ body: unknown; omitted: string[]; omittedSays: BodyNote[] }>(`${path(id, 'export')}?cluster=${encodeURIComponent(cluster)}`),
    /** `overwrite` confirms replacing the CloudWatch dashboard a 409 described. */
    publish: async (id: string, name: string, cluster: string, overwrite?: { lastModified: string }) => {
      const out = await dashboardWrite<{
        name: string;
        validationMessages: { dataPath?: string; message?: string }[];
        omitted: string[];
        omittedSays: BodyNote[];
        replaced?: CloudWatchDashboardEntry;
      }>(queryClient, 'POST', path(id, 'publish'), { name, cluster, ...(overwrite ? { overwrite } : {}) });
      void queryClient.invalidateQueries({ queryKey: cloudWatchDashboardsQuery(cluster).queryKey });
      return out;
    },
  };
}

export function useCloudWatchDashboards(cluster: string, enabled: boolean) {
  return useQuery({ ...cloudWatchDashboardsQuery(cluster), enabled });
}

export function useCloudWatchAccess(cluster: string) {
  return useQuery(cloudWatchAccessQuery(cluster));
}
