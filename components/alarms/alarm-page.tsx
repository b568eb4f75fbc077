'use client';
import { useFormatter, useTranslations } from 'next-intl';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { logsAroundTransition } from '@/lib/alarms/links';
import type { AlarmSummary, HistoryEntry } from '@/lib/alarms/types';
import { ErrorView } from '../ui/error-view';
import { SectionError } from '../ui/restricted-note';
import { Skeleton } from '../ui/skeleton';
import { useNow } from '../table/use-now';
import { AcknowledgeForm, AlarmStateBadge, alarmHref, Freshness, HiddenNote } from './alarm-parts';
import { MetricChart } from './charts';
import { useAlarm } from './use-alarms';
import { useAlarmWords } from './words';
import { messageCell } from '../table/message-cell';

const RANGES = ['1h', '3h', '12h', '1d', '3d', '7d'];

/** The instant itself, read the same by everyone whatever their time zone. */
const UTC_DATE_TIME = { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' } as const;

function RelatedAlarms({ cluster, title, alarms, now }: { cluster: string; title: string; alarms: AlarmSummary[]; now: number }) {
  const { forSince } = useAlarmWords();
  if (alarms.length === 0) return null;
  return (
    <section className="rounded border border-slate-200 bg-white p-3" aria-label={title}>
      <h2 className="mb-1 text-sm font-semibold">{title}</h2>
      <ul className="space-y-1">
        {alarms.map((c) => (
          <li key={c.name} className="flex flex-wrap items-baseline gap-2 text-sm">
            <AlarmStateBadge state={c.state} />
            <Link href={alarmHref(cluster, c.name)} className="font-mono text-sky-800 hover:underline">
              {c.name}
            </Link>
            <span className="text-xs text-slate-600">{forSince(c.since, now)}</span>
            <span className="text-xs text-slate-500">{c.stateReason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function historyDetail(h: HistoryEntry): string {
  const data = h.data as { newState?: { stateReason?: string }; error?: string } | undefined;
  return data?.newState?.stateReason ?? data?.error ?? '';
}

function History({ history }: { history: HistoryEntry[] }) {
  const t = useTranslations('Alarms');
  const format = useFormatter();
  return (
    <section className="rounded border border-slate-200 bg-white p-3" aria-label={t('history')}>
      <h2 className="mb-1 text-sm font-semibold">{t('history')}</h2>
      {history.length === 0 ? (
        <p className="text-sm text-slate-600">{t('noHistory')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">{t('timeUtc')}</th>
                <th className="py-1 pr-3 font-medium">{t('type')}</th>
                <th className="py-1 font-medium">{t('summary')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={`${h.at}-${i}`} className="border-t border-slate-100 align-top">
                  <td className="whitespace-nowrap py-1 pr-3 font-mono">{format.dateTime(Date.parse(h.at), UTC_DATE_TIME)}</td>
                  <td className="py-1 pr-3">{h.type}</td>
                  <td className={`py-1 ${messageCell}`}>
                    {h.summary}
                    {historyDetail(h) && <div className="text-slate-500">{historyDetail(h)}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function AlarmPage({ cluster, name }: { cluster: string; name: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const range = RANGES.includes(params.get('range') ?? '') ? params.get('range')! : '3h';
  const t = useTranslations('Alarms');
  const format = useFormatter();
  const words = useAlarmWords();
  const query = useAlarm(cluster, name, range);
  const now = useNow(5_000);
  const detail = query.data;

  return (
    <div className="space-y-3">
      <p className="text-sm">
        <Link href={`/c/${encodeURIComponent(cluster)}/alarms`} className="text-sky-700 underline underline-offset-2">
          {t('title')}
        </Link>{' '}
        / <span className="font-mono">{name}</span>
      </p>
      {query.isPending ? (
        <Skeleton className="h-64" label={t('loadingAlarm')} waitingFor="CloudWatch" />
      ) : query.isError && !detail ? (
        <ErrorView error={query.error} />
      ) : detail ? (
        <>
          <div className="flex flex-wrap items-baseline gap-3">
            <AlarmStateBadge state={detail.alarm.state} />
            <h1 className="font-mono text-lg font-semibold">{detail.alarm.name}</h1>
            <span className="text-sm text-slate-600">{t('forSince', { for: words.forSince(detail.alarm.since, now), since: format.dateTime(Date.parse(detail.alarm.since), UTC_DATE_TIME) })}</span>
            <span className="ml-auto">
              <Freshness label="" updatedAt={query.dataUpdatedAt} error={query.error} />
            </span>
          </div>
          <section className="space-y-1 rounded border border-slate-200 bg-white p-3 text-sm" aria-label={t('alarm')}>
            {detail.alarm.description && <p>{detail.alarm.description}</p>}
            {words.condition(detail.alarm) && <p className="font-mono text-xs">{t('conditionMissing', { condition: words.condition(detail.alarm), missing: detail.alarm.treatMissingData ?? '' })}</p>}
            {detail.alarm.metric && (
              <p className="font-mono text-xs text-slate-600">
                {detail.alarm.metric.namespace} {detail.alarm.metric.metricName}{' '}
                {Object.entries(detail.alarm.metric.dimensions)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}
              </p>
            )}
            {detail.alarm.rule && <p className="font-mono text-xs">{detail.alarm.rule}</p>}
            <p className="text-xs text-slate-600">{detail.alarm.stateReason}</p>
            <p className="text-xs">
              {t('actionsEnabled', { enabled: String(detail.alarm.actionsEnabled) })}
              {detail.alarm.actions.alarm.length > 0 && t('onAlarm', { actions: detail.alarm.actions.alarm.join(', ') })}
            </p>
            {detail.alarm.acknowledgements.map((a) => (
              <p key={a.at} className="text-xs">
                <span className="font-medium">{t('acknowledgedBy', { by: a.by })}</span> {t('acknowledgedAt', { at: format.dateTime(Date.parse(a.at), UTC_DATE_TIME) })}
                {a.note && `: ${a.note}`}
              </p>
            ))}
            <div className="flex flex-wrap gap-3 text-xs">
              {detail.alarm.links.map((l) => (
                <Link key={l.href} href={logsAroundTransition(l.href, detail.alarm.since, now)} className="text-sky-700 hover:underline">
                  {t('link', { kind: l.kind, name: l.name })}
                </Link>
              ))}
              {detail.alarm.state !== 'OK' && detail.alarm.acknowledgements.length === 0 && <AcknowledgeForm cluster={cluster} name={detail.alarm.name} />}
            </div>
          </section>
          {detail.metricData && (
            <section className="rounded border border-slate-200 bg-white p-3" aria-label={t('metric')}>
              <div className="mb-1 flex items-center gap-2">
                <h2 className="text-sm font-semibold">{t('metric')}</h2>
                <label className="ml-auto text-xs">
                  {t('range')}{' '}
                  <select
                    value={range}
                    onChange={(e) => {
                      // Keeps the shell's namespace and anything else in the URL.
                      const next = new URLSearchParams(params);
                      next.set('range', e.target.value);
                      router.replace(`${pathname}?${next}`);
                    }}
                    className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                    aria-label={t('range')}
                  >
                    {RANGES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </label>
              </div>
              {'error' in detail.metricData ? (
                <SectionError what={t('metricData')} error={detail.metricData.error} />
              ) : (
                <>
                  <MetricChart
                    series={detail.metricData.series}
                    threshold={detail.alarm.threshold}
                    domain={[Date.parse(detail.metricData.start), Date.parse(detail.metricData.end)]}
                    transitions={detail.history.filter((h) => h.type === 'StateUpdate').map((h) => Date.parse(h.at))}
                    label={t('metricOf', { name: detail.alarm.name })}
                  />
                  <p className="text-xs text-slate-500">{t('legend', { statistic: detail.alarm.statistic ?? '', period: detail.metricData.period })}</p>
                </>
              )}
            </section>
          )}
          <RelatedAlarms cluster={cluster} title={t('children')} alarms={detail.children} now={now} />
          <RelatedAlarms cluster={cluster} title={t('parents')} alarms={detail.parents} now={now} />
          <HiddenNote hidden={detail.hidden} />
          <History history={detail.history} />
        </>
      ) : null}
    </div>
  );
}
