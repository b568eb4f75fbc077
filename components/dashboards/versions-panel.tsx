'use client';
import { useState } from 'react';
import { ErrorView } from '@/components/ui/error-view';
import type { Dashboard } from '@/lib/dashboards/model';
import { useDashboardActions, useDashboardVersions } from './api';
import { SidePanel } from './side-panel';

/** Every saved version the viewer may read, newest first; the owner brings one back as a new version. */
export function VersionsPanel({ dashboard, onClose }: { dashboard: Dashboard; onClose: () => void }) {
  const versions = useDashboardVersions(dashboard.id, true);
  const actions = useDashboardActions();
  const [error, setError] = useState<unknown>();
  return (
    <SidePanel title="Versions" width="w-80" onClose={onClose}>
      {error !== undefined && <ErrorView error={error} compact />}
      {versions.error && <ErrorView error={versions.error} compact />}
      <ol className="space-y-1">
        {versions.data?.items.map((v) => (
          <li key={v.version} className="flex items-center gap-2 text-xs">
            <span className="font-mono">v{v.version}</span>
            <span className="truncate">
              {v.savedBy} · {v.savedAt.replace('T', ' ').slice(0, 16)}
              {v.restoredFrom !== undefined && ` · restored v${v.restoredFrom}`}
            </span>
            {dashboard.mine && v.version !== dashboard.version && (
              <button type="button" className="ml-auto text-blue-700 hover:underline" onClick={() => actions.restore(dashboard.id, dashboard.version, v.version).catch(setError)}>
                Restore
              </button>
            )}
            {v.version === dashboard.version && <span className="ml-auto text-slate-500">current</span>}
          </li>
        ))}
      </ol>
      {versions.data !== undefined && versions.data.hidden > 0 && (
        <p className="text-xs text-slate-500" data-testid="hidden-versions">
          {versions.data.hidden === 1 ? '1 earlier version is private to the owner' : `${versions.data.hidden} earlier versions are private to the owner`}
        </p>
      )}
    </SidePanel>
  );
}
