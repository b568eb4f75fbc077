'use client';
import { useTranslations } from 'next-intl';
import { RETENTION_DAYS } from '@/lib/logs/log-group-names';
import { QueryFailure } from './query-failure';
import { useState } from 'react';
import { useDeleteMetricFilter, useMetricFilters, usePutMetricFilter, useSetRetention, type LogGroupRow } from './api';

const input = 'rounded border border-slate-300 px-1 py-0.5 font-mono text-xs';

function NewMetricFilter({ cluster, group }: { cluster: string; group: string }) {
  const t = useTranslations('LogsInsights');
  const put = usePutMetricFilter(cluster);
  const [f, setF] = useState({ name: '', pattern: '', metricNamespace: '', metricName: '', metricValue: '1' });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      aria-label={t('newFilterOn', { group })}
      onSubmit={(e) => {
        e.preventDefault();
        put.mutate(
          { logGroupName: group, name: f.name, pattern: f.pattern, metricTransformations: [{ metricName: f.metricName, metricNamespace: f.metricNamespace, metricValue: f.metricValue }] },
          { onSuccess: () => setF({ name: '', pattern: '', metricNamespace: '', metricName: '', metricValue: '1' }) },
        );
      }}
    >
      <input aria-label={t('filterName')} placeholder={t('filterNamePlaceholder')} value={f.name} onChange={set('name')} className={`${input} w-28`} />
      <input aria-label={t('filterPattern')} placeholder={t('filterPatternPlaceholder')} value={f.pattern} onChange={set('pattern')} className={`${input} w-44`} />
      <input aria-label={t('metricNamespace')} placeholder={t('metricNamespacePlaceholder')} value={f.metricNamespace} onChange={set('metricNamespace')} className={`${input} w-32`} />
      <input aria-label={t('metricName')} placeholder={t('metricNamePlaceholder')} value={f.metricName} onChange={set('metricName')} className={`${input} w-32`} />
      <input aria-label={t('metricValue')} value={f.metricValue} onChange={set('metricValue')} className={`${input} w-12`} />
      <button
        type="submit"
        disabled={put.isPending || !f.name || !f.metricName || !f.metricNamespace}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-50"
      >
        {t('addFilter')}
      </button>
      {put.error && <QueryFailure error={put.error} />}
    </form>
  );
}

function MetricFilters({ cluster, group, canEdit }: { cluster: string; group: string; canEdit: boolean }) {
  const t = useTranslations('LogsInsights');
  const filters = useMetricFilters(cluster, group);
  const remove = useDeleteMetricFilter(cluster);
  if (filters.error) return <QueryFailure error={filters.error} />;
  if (!filters.data) return null;
  return (
    <div className="space-y-1">
      {filters.data.items.length === 0 && <p className="text-xs text-slate-500">{t('noFilters')}</p>}
      <ul className="space-y-0.5 text-xs" aria-label={t('filtersOf', { group })}>
        {filters.data.items.map((f) => (
          <li key={f.name}>
            <span className="font-medium">{f.name}</span>: <code className="rounded bg-slate-100 px-1">{f.pattern || t('everyEvent')}</code> →{' '}
            {f.metricTransformations.map((m) => `${m.metricNamespace}/${m.metricName} += ${m.metricValue}`).join(', ')}
            {canEdit && (
              <button
                type="button"
                onClick={() => remove.mutate({ logGroupName: group, filterName: f.name })}
                className="ml-2 text-slate-400 hover:text-red-700"
                aria-label={t('deleteFilter', { name: f.name })}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      {remove.error && <QueryFailure error={remove.error} />}
      {canEdit && <NewMetricFilter cluster={cluster} group={group} />}
    </div>
  );
}

/** The selected groups' retention and metric filters; retention editable by who may update configmaps in amazon-cloudwatch. */
export function LogGroupSettings({ cluster, groups, canEdit }: { cluster: string; groups: LogGroupRow[]; canEdit: boolean }) {
  const t = useTranslations('LogsInsights');
  const retention = useSetRetention(cluster);
  if (groups.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 bg-white text-sm">
      <summary className="cursor-pointer px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('settings')}</summary>
      <div className="space-y-3 border-t border-slate-200 p-3">
        {!canEdit && <p className="text-xs text-slate-500">{t('settingsNeeds')}</p>}
        {retention.error && <QueryFailure error={retention.error} />}
        {groups.map((g) => (
          <div key={g.name} className="space-y-1">
            <div className="flex items-center gap-2">
              <span className="font-mono text-xs">{g.name}</span>
              <label className="ml-auto text-xs text-slate-600">
                {t('retention')}{' '}
                <select
                  aria-label={t('retentionOf', { group: g.name })}
                  disabled={!canEdit || retention.isPending}
                  value={g.retentionInDays ?? ''}
                  onChange={(e) => retention.mutate({ logGroupName: g.name, retentionInDays: e.target.value === '' ? null : Number(e.target.value) })}
                  className="rounded border border-slate-300 px-1 py-0.5"
                >
                  <option value="">{t('neverExpire')}</option>
                  {RETENTION_DAYS.map((d) => (
                    <option key={d} value={d}>
                      {t('days', { count: d })}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <MetricFilters cluster={cluster} group={g.name} canEdit={canEdit} />
          </div>
        ))}
      </div>
    </details>
  );
}
