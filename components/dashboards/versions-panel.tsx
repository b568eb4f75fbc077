'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ErrorView } from '@/components/ui/error-view';
import type { Dashboard } from '@/lib/dashboards/model';
import { useDashboardActions, useDashboardVersions } from './api';
import { SidePanel } from './side-panel';

/** Every saved version the viewer may read, newest first; the owner brings one back as a new version. */
export function VersionsPanel({ dashboard, onClose }: { dashboard: Dashboard; onClose: () => void }) {
  const t = useTranslations('Dashboards');
  const versions = useDashboardVersions(dashboard.id, true);
  const actions = useDashboardActions();
  const [error, setError] = useState<unknown>();
  return (
    <SidePanel title={t('versions')} width="lg:w-80" onClose={onClose}>
      {error !== undefined && <ErrorView error={error} compact />}
      {versions.error && <ErrorView error={versions.error} compact />}
      <ol className="space-y-1">
        {versions.data?.items.map((v) => (
          <li key={v.version} className="flex items-center gap-2 text-xs">
            <span className="font-mono">v{v.version}</span>
            <span className="truncate">
              {v.savedBy} · {v.savedAt.replace('T', ' ').slice(0, 16)}
              {v.restoredFrom !== undefined && ` · ${t('restoredFrom', { version: v.restoredFrom })}`}
            </span>
            {dashboard.mine && v.version !== dashboard.version && (
              <button type="button" className="ml-auto text-blue-700 hover:underline" onClick={() => actions.restore(dashboard.id, dashboard.version, v.version).catch(setError)}>
                {t('restore')}
              </button>
            )}
            {v.version === dashboard.version && <span className="ml-auto text-slate-500">{t('current')}</span>}
          </li>
        ))}
      </ol>
      {versions.data !== undefined && versions.data.hidden > 0 && (
        <p className="text-xs text-slate-500" data-testid="hidden-versions">
          {t('hiddenVersions', { count: versions.data.hidden })}
        </p>
      )}
    </SidePanel>
  );
}
