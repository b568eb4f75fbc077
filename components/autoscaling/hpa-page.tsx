'use client';
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { EventsPanel } from '../pods/events-table';
import { podHref, workloadHref } from '../pods/links';
import { usePodColumns } from '../pods/pod-columns';
import { sortRows } from '../pods/pod-rows';
import { useAgo, ConditionsTable, Facts, Panel } from '../table/panel';
import { useNow } from '../table/use-now';
import { VirtualTable } from '../table/virtual-table';
import { ErrorView } from '../ui/error-view';
import { SectionError } from '../ui/restricted-note';
import { Skeleton } from '../ui/skeleton';
import { chartData } from './chart-data';
import { AttentionText } from './attention-text';
import { ExplanationView } from './explanation';
import { sayOutcome } from '@/lib/k8s/hpa/outcome';
import { MetricsChart, PodsChart, ReplicasChart } from './hpa-chart';
import { hpasHref } from './links';
import { useHpa, useHpaHistory, type HpaDetail, type WhatIf } from './use-hpas';
import { WhatIfForm } from './what-if';
import { AddToDashboard } from '@/components/dashboards/add-to-dashboard';

// Said as the locale abbreviates a duration: 1h, 7d in English, 1시간, 7일 in Korean.
const RANGES = [
  { amount: 1, unit: 'hour', ms: 3_600_000 },
  { amount: 6, unit: 'hour', ms: 6 * 3_600_000 },
  { amount: 24, unit: 'hour', ms: 24 * 3_600_000 },
  { amount: 7, unit: 'day', ms: 7 * 86_400_000 },
] as const;

type Range = { kind: 'last'; ms: number } | { kind: 'custom'; from: number; to: number };

function toLocalInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

function RangePicker({ range, onChange }: { range: Range; onChange: (r: Range) => void }) {
  const t = useTranslations('Hpa');
  const format = useFormatter();
  // The pickers' own layout follows the browser; lang lets a browser that honours it follow the page.
  const lang = useLocale();
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - 3_600_000));
  const [to, setTo] = useState(() => toLocalInput(Date.now()));
  const button = (active: boolean) => `rounded px-2 py-0.5 text-xs ring-1 ring-inset ${active ? 'bg-sky-700 text-white ring-sky-700' : 'text-slate-700 ring-slate-300 hover:bg-slate-100'}`;
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label={t('timeRange')}>
      {RANGES.map((r) => (
        <button
          key={r.ms}
          type="button"
          className={button(range.kind === 'last' && range.ms === r.ms)}
          aria-pressed={range.kind === 'last' && range.ms === r.ms}
          onClick={() => onChange({ kind: 'last', ms: r.ms })}
        >
          {format.number(r.amount, { style: 'unit', unit: r.unit, unitDisplay: 'narrow' })}
        </button>
      ))}
      <form
        className="flex flex-wrap items-center gap-1 text-xs"
        onSubmit={(e) => {
          e.preventDefault();
          const f = Date.parse(`${from}:00Z`);
          const t = Date.parse(`${to}:00Z`);
          if (f < t) onChange({ kind: 'custom', from: f, to: t });
        }}
      >
        <input type="datetime-local" lang={lang} aria-label={t('fromUtc')} value={from} onChange={(e) => setFrom(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
        <span>–</span>
        <input type="datetime-local" lang={lang} aria-label={t('toUtc')} value={to} onChange={(e) => setTo(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
        <button type="submit" className={button(range.kind === 'custom')}>
          {t('custom')}
        </button>
      </form>
    </div>
  );
}

function History({ cluster, namespace, name }: { cluster: string; namespace: string; name: string }) {
  const t = useTranslations('Hpa');
  const [range, setRange] = useState<Range>({ kind: 'last', ms: 3_600_000 });
  const ms = range.kind === 'last' ? range.ms : range.to - range.from;
  const history = useHpaHistory(cluster, namespace, name, ms, range.kind === 'custom' ? range.to : undefined);
  const data = history.data;
  const chart = useMemo(() => (data ? chartData(data.samples, 'data' in data.events ? data.events.data : []) : undefined), [data]);
  const domain: [number, number] = data ? [Date.parse(data.from), Date.parse(data.to)] : [0, 1];
  return (
    <Panel
      title={t('overTime')}
      data={chart}
      error={history.isError && !data ? history.error : undefined}
      // The replicas and pods charts' height, held while the history loads so the panels below it do not jump.
      className="min-h-[30rem] xl:col-span-2"
      actions={<RangePicker range={range} onChange={setRange} />}
    >
      {(c) => (
        <div className="space-y-2">
          {c.points.length === 0 ? (
            <p className="text-sm text-slate-600">{t('noSamples', { interval: data!.intervalSeconds, days: Math.round(data!.retentionSeconds / 86_400) })}</p>
          ) : (
            <p className="text-xs text-slate-600">{t('samples', { count: c.points.length, interval: data!.intervalSeconds })}</p>
          )}
          <ReplicasChart points={c.points} markers={c.markers} domain={domain} />
          {c.metrics.length > 0 && <MetricsChart points={c.points} markers={c.markers} domain={domain} metrics={c.metrics} />}
          <PodsChart points={c.points} markers={c.markers} domain={domain} />
          {'error' in data!.events ? (
            <SectionError what={t('scaleEvents')} error={data!.events.error} />
          ) : (
            data!.events.data.length > 0 && (
              <ul className="space-y-0.5 font-mono text-xs" aria-label={t('scaleEvents')}>
                {c.markers.map((m, i) => (
                  <li key={i} className={m.warning ? 'text-red-800' : 'text-emerald-800'}>
                    {new Date(m.t).toISOString().slice(11, 19)} {m.reason}: {m.message}
                  </li>
                ))}
              </ul>
            )
          )}
        </div>
      )}
    </Panel>
  );
}

function CapacityWarning({ cluster, namespace, capacity }: { cluster: string; namespace: string; capacity: NonNullable<HpaDetail['capacity']> }) {
  const t = useTranslations('Hpa');
  return (
    <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-inset ring-amber-600/40" data-testid="hpa-capacity">
      <p className="font-semibold">{t('capacityTitle')}</p>
      <p>{capacity.message}</p>
      <ul className="mt-1 flex flex-wrap gap-2 font-mono text-xs">
        {capacity.pods.map((p) => (
          <li key={p.name}>
            <Link href={podHref(cluster, namespace, p.name)} className="text-sky-800 hover:underline" title={p.message}>
              {t('capacityPod', { name: p.name, resources: p.resources.join(', ') })}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One HPA: why it is or is not scaling now, how it scaled over time, what-if, and its pods. */
export function HpaPage({ cluster, namespace, name }: { cluster: string; namespace: string; name: string }) {
  const ago = useAgo();
  const t = useTranslations('Hpa');
  const outcomeT = useTranslations('HpaOutcome');
  const [whatIf, setWhatIf] = useState<WhatIf | undefined>(undefined);
  const detail = useHpa(cluster, namespace, name);
  const tried = useHpa(cluster, namespace, name, whatIf);
  const now = useNow(5000);
  const data = detail.data;
  const pods = useMemo(() => (data && 'data' in data.pods ? sortRows(data.pods.data, 'name', false) : undefined), [data]);
  const columns = usePodColumns({ cluster, allNamespaces: false, showLabels: false, now });
  const row = data?.hpa;
  const target = data?.spec?.metrics?.find((m: { type: string }) => m.type === 'Resource' || m.type === 'ContainerResource');
  const utilization = target ? (target.resource ?? target.containerResource)?.target?.averageUtilization : undefined;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <Link href={hpasHref(cluster, namespace)} className="text-sm text-sky-800 hover:underline">
          {t('title')}
        </Link>
        <span aria-hidden className="text-slate-400">
          /
        </span>
        <h1 className="font-mono text-lg font-semibold">HorizontalPodAutoscaler/{name}</h1>
        <span className="font-mono text-sm text-slate-600">{namespace}</span>
        <AddToDashboard cluster={cluster} widget={{ type: 'hpa', title: `${namespace}/${name}`, namespace, name, height: 5 }} />
        {row?.attention && (
          <span
            className={`rounded px-1.5 text-xs ring-1 ring-inset ${row.attention.kind === 'no-metrics' ? 'bg-red-50 text-red-800 ring-red-600/30' : 'bg-amber-50 text-amber-900 ring-amber-600/30'}`}
          >
            <AttentionText attention={row.attention} subject={false} />
          </span>
        )}
      </div>
      {detail.isError && !data ? (
        <ErrorView error={detail.error} />
      ) : !data || !row ? (
        <Skeleton className="h-[calc(100vh-9rem)] w-full" label={t('loading')} />
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          {data.capacity && (
            <div className="xl:col-span-2">
              <CapacityWarning cluster={cluster} namespace={namespace} capacity={data.capacity} />
            </div>
          )}
          <Panel
            title={t('whyTitle')}
            data={'data' in data.explanation ? data.explanation.data : undefined}
            error={'error' in data.explanation ? data.explanation.error : undefined}
            className="xl:col-span-2"
          >
            {(e) => (
              <div className="space-y-2">
                <ExplanationView explanation={e} title={t('why')} />
                {data.metricsError && <p className="text-xs text-red-800">{t('metricsError', { message: data.metricsError })}</p>}
                <p className="text-xs text-slate-500">{data.recommendationsSince ? t('recommendationsSince', { since: data.recommendationsSince.slice(11, 19) }) : t('recommendationsNone')}</p>
              </div>
            )}
          </Panel>
          <History cluster={cluster} namespace={namespace} name={name} />
          <Panel title={t('whatIf')} data={data}>
            {() => (
              <div className="space-y-3">
                <WhatIfForm
                  initial={{ targetUtilization: utilization, minReplicas: row.minReplicas ?? 1, maxReplicas: row.maxReplicas }}
                  utilizationTarget={utilization !== undefined}
                  onSubmit={setWhatIf}
                  onReset={() => setWhatIf(undefined)}
                />
                {whatIf &&
                  (tried.isError ? (
                    <ErrorView error={tried.error} compact />
                  ) : tried.data?.whatIf && 'data' in tried.data.whatIf ? (
                    <div data-testid="hpa-what-if">
                      <p className="text-sm">
                        {t.rich('whatIfResult', {
                          replicas: tried.data.whatIf.data.desiredReplicas,
                          outcome: sayOutcome((key, values) => outcomeT(key, values), tried.data.whatIf.data.outcomeMessage),
                          b: (chunk) => <b>{chunk}</b>,
                        })}
                      </p>
                    </div>
                  ) : tried.data?.whatIf && 'error' in tried.data.whatIf ? (
                    <ErrorView error={tried.data.whatIf.error} compact />
                  ) : (
                    <Skeleton className="h-6 w-full" label={t('computing')} />
                  ))}
              </div>
            )}
          </Panel>
          <Panel title={t('summary')} data={row}>
            {(r) => (
              <Facts
                facts={[
                  [
                    t('reference'),
                    <Link
                      key="ref"
                      href={workloadHref(cluster, namespace, r.reference.kind, r.reference.name)}
                      className="text-sky-800 hover:underline"
                    >{`${r.reference.kind}/${r.reference.name}`}</Link>,
                  ],
                  [t('targets'), r.targets],
                  [t('minMax'), `${r.minReplicas ?? t('unset')} / ${r.maxReplicas}`],
                  [t('replicas'), t('replicasNow', { current: r.currentReplicas, desired: r.desiredReplicas })],
                  [t('lastScale'), r.lastScaleTime ? ago(r.lastScaleTime, now) : t('noneValue')],
                  [t('created'), ago(r.creationTimestamp, now)],
                ]}
              />
            )}
          </Panel>
          <Panel title={t('conditions')} data={row.conditions} className="xl:col-span-2">
            {(conditions) => <ConditionsTable conditions={conditions} now={now} />}
          </Panel>
          <Panel title={t('podsOf', { reference: `${row.reference.kind}/${row.reference.name}` })} data={pods} error={'error' in data.pods ? data.pods.error : undefined} className="xl:col-span-2">
            {(rows) =>
              rows.length ? <VirtualTable label={t('pods')} rows={rows} columns={columns} getRowId={(r) => r.uid} maxHeight="24rem" /> : <p className="text-sm text-slate-500">{t('noPods')}</p>
            }
          </Panel>
          <EventsPanel events={data.events} now={now} />
        </div>
      )}
    </div>
  );
}
