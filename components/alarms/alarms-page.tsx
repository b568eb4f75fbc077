'use client';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { Skeleton } from '../ui/skeleton';
import { ErrorView } from '../ui/error-view';
import { useNow } from '../table/use-now';
import { AlarmRow, Freshness, HiddenNote } from './alarm-parts';
import { ContainerInsightsPanel } from './container-insights-panel';
import { SignalsPanel } from './signals-panel';
import { useAlarms, useSignals } from './use-alarms';
import { useFiringNotifications } from './use-firing-notifications';

/** A polled section: its heading with the data's age, then loading, the error while there is no data, or the data (kept through a failed refresh). */
function LiveSection<T>({
  label,
  title,
  loading,
  query,
  className = '',
  children,
}: {
  label: string;
  title: string;
  loading: string;
  query: UseQueryResult<T>;
  className?: string;
  children: (data: T) => React.ReactNode;
}) {
  return (
    <section className={`space-y-2 ${className}`} aria-label={label}>
      <div className="flex items-baseline justify-between">
        <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
        <Freshness label="" updatedAt={query.dataUpdatedAt} error={query.error} />
      </div>
      {query.isPending ? <Skeleton className="h-[calc(100vh-10rem)]" label={loading} /> : query.isError && !query.data ? <ErrorView error={query.error} /> : query.data ? children(query.data) : null}
    </section>
  );
}

/** What is firing, since when, and where to look: CloudWatch alarms beside the cluster's own signals. */
export function AlarmsPage({ cluster }: { cluster: string }) {
  const t = useTranslations('Alarms');
  const alarms = useAlarms(cluster);
  const signals = useSignals(cluster);
  const now = useNow(5_000);
  const notify = useFiringNotifications(alarms.data?.alarms, cluster);
  const firing = alarms.data?.alarms.filter((a) => a.state === 'ALARM').length ?? 0;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        {alarms.data && (
          <span className={`text-sm font-medium ${firing ? 'text-red-700' : 'text-emerald-700'}`} data-testid="firing-count">
            {t('firing', { count: firing })}
          </span>
        )}
        <span className="ml-auto flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-1 text-xs text-slate-700">
            <input type="checkbox" checked={notify.enabled} onChange={() => void notify.toggle()} />
            {t('alertMe')}
          </label>
          {notify.enabled && (
            <label className="flex items-center gap-1 text-xs text-slate-700">
              <input type="checkbox" checked={notify.sound} onChange={(e) => notify.setSound(e.target.checked)} />
              {t('sound')}
            </label>
          )}
          {notify.enabled && notify.permission !== 'granted' && <span className="text-xs text-amber-800">{notify.permission === 'unsupported' ? t('noNotifications') : t('notificationsDenied')}</span>}
        </span>
      </div>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
        <LiveSection label={t('alarms')} title={t('cloudwatchAlarms')} loading={t('loadingAlarms')} query={alarms} className="xl:col-span-2">
          {(data) => (
            <>
              {data.alarms.length === 0 ? (
                <p className="rounded border border-slate-200 bg-white p-3 text-sm text-slate-600">{t('noAlarms', { cluster })}</p>
              ) : (
                <ul className="rounded border border-slate-200 bg-white">
                  {data.alarms.map((a) => (
                    <AlarmRow key={a.name} cluster={cluster} alarm={a} sparkline={data.sparklines[a.name]} now={now} />
                  ))}
                </ul>
              )}
              <HiddenNote hidden={data.hidden} />
            </>
          )}
        </LiveSection>
        <LiveSection label={t('signals')} title={t('clusterSignals')} loading={t('loadingSignals')} query={signals}>
          {(data) => (
            <div className="rounded border border-slate-200 bg-white">
              <SignalsPanel data={data} now={now} />
            </div>
          )}
        </LiveSection>
      </div>
      <ContainerInsightsPanel cluster={cluster} />
    </div>
  );
}
