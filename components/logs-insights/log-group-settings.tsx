'use client';
import { RETENTION_DAYS } from '@/server/logs/log-group-names';
import { ErrorView } from '../ui/error-view';
import { useMetricFilters, useSetRetention, type LogGroupRow } from './api';

function MetricFilters({ cluster, group }: { cluster: string; group: string }) {
  const filters = useMetricFilters(cluster, group);
  if (filters.error) return <ErrorView error={filters.error} compact />;
  if (!filters.data) return null;
  if (filters.data.items.length === 0) return <p className="text-xs text-slate-500">No metric filters.</p>;
  return (
    <ul className="space-y-0.5 text-xs">
      {filters.data.items.map((f) => (
        <li key={f.name}>
          <span className="font-medium">{f.name}</span>: <code className="rounded bg-slate-100 px-1">{f.pattern || '(every event)'}</code> →{' '}
          {f.metricTransformations.map((t) => `${t.metricNamespace}/${t.metricName} += ${t.metricValue}`).join(', ')}
        </li>
      ))}
    </ul>
  );
}

/** The selected groups' retention and metric filters; retention editable by who may update configmaps in amazon-cloudwatch. */
export function LogGroupSettings({ cluster, groups, canEdit }: { cluster: string; groups: LogGroupRow[]; canEdit: boolean }) {
  const retention = useSetRetention(cluster);
  if (groups.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 bg-white text-sm">
      <summary className="cursor-pointer px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">Log group settings</summary>
      <div className="space-y-3 border-t border-slate-200 p-3">
        {!canEdit && <p className="text-xs text-slate-500">Changing retention needs permission to update configmaps in amazon-cloudwatch.</p>}
        {retention.error && <ErrorView error={retention.error} compact />}
        {groups.map((g) => (
          <div key={g.name} className="space-y-1">
            <div className="flex items-center gap-2">
              <span className="font-mono text-xs">{g.name}</span>
              <label className="ml-auto text-xs text-slate-600">
                Retention{' '}
                <select
                  aria-label={`Retention of ${g.name}`}
                  disabled={!canEdit || retention.isPending}
                  value={g.retentionInDays ?? ''}
                  onChange={(e) => retention.mutate({ logGroupName: g.name, retentionInDays: e.target.value === '' ? null : Number(e.target.value) })}
                  className="rounded border border-slate-300 px-1 py-0.5"
                >
                  <option value="">Never expire</option>
                  {RETENTION_DAYS.map((d) => (
                    <option key={d} value={d}>
                      {d} days
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <MetricFilters cluster={cluster} group={g.name} />
          </div>
        ))}
      </div>
    </details>
  );
}
