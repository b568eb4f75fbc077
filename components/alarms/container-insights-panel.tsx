'use client';
import { useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useNamespaces } from '../api/cluster';
import { SectionError } from '../ui/restricted-note';
import { Skeleton } from '../ui/skeleton';
import { MetricChart } from './charts';
import type { InsightsChart } from '@/server/alarms/container-insights';
import { useContainerInsights } from './use-alarms';

const RANGES = ['1h', '3h', '12h', '1d'];

/** Cluster, node and a namespace's pod metrics from Container Insights, when AWS is configured. */
export function ContainerInsightsPanel({ cluster }: { cluster: string }) {
  const t = useTranslations('Alarms');
  const namespaces = useNamespaces(cluster, []);
  // The namespace the shell has chosen, until one is picked here.
  const [namespace, setNamespace] = useState(useSearchParams().get('namespace') ?? '');
  const [range, setRange] = useState('1h');
  const chosen = namespace || namespaces.data?.namespaces[0]?.name || '';
  const insights = useContainerInsights(cluster, chosen, range, namespaces.isFetched);
  const data = insights.data;
  if (insights.error && (insights.error as { error?: { kind?: string } }).error?.kind === 'AwsNotConfigured') return null;
  // The cluster charts' own lines are named by Watchdeck; a workload's or node's line keeps its name.
  const title = (chart: InsightsChart) => t('chartTitle', { id: chart.id.replace('-', '_'), namespace: data?.namespace ?? '', title: chart.title });
  const seriesOf = (chart: InsightsChart) =>
    chart.id.startsWith('cluster-') ? chart.series.map((s) => ({ ...s, label: t('seriesLabel', { label: s.label.replace(' ', '_'), name: s.label }) })) : chart.series;

  return (
    <section className="space-y-2" aria-label="Container Insights">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-sm font-semibold text-slate-800">Container Insights</h2>
        <label className="text-xs">
          {t('namespace')}{' '}
          <select aria-label={t('insightsNamespace')} value={chosen} onChange={(e) => setNamespace(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5 text-xs">
            {(namespaces.data?.namespaces ?? []).map((n) => (
              <option key={n.name}>{n.name}</option>
            ))}
          </select>
        </label>
        <label className="text-xs">
          {t('range')}{' '}
          <select aria-label={t('insightsRange')} value={range} onChange={(e) => setRange(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5 text-xs">
            {RANGES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
      </div>
      {insights.isPending ? (
        <Skeleton className="h-48" label={t('loadingInsights')} waitingFor="CloudWatch" />
      ) : insights.isError && !data ? (
        <SectionError what={t('insightsMetrics')} error={insights.error} />
      ) : data ? (
        <>
          <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
            {data.charts.map((chart) => (
              <figure key={chart.id} className="rounded border border-slate-200 bg-white p-2" data-testid={`insights-${chart.id}`}>
                <figcaption className="text-xs font-medium text-slate-700">
                  {title(chart)} <span className="text-slate-400">({chart.unit === 'count' ? t('unitCount') : chart.unit})</span>
                </figcaption>
                {chart.series.every((s) => s.points.length === 0) ? (
                  <p className="py-6 text-center text-xs text-slate-500">{t('noDatapointsInRange')}</p>
                ) : (
                  <MetricChart series={seriesOf(chart)} domain={[Date.parse(data.start), Date.parse(data.end)]} height="h-48" label={title(chart)} />
                )}
              </figure>
            ))}
          </div>
          {data.hidden.map((h) => (
            <p key={h.kind} className="text-xs text-slate-600">
              {t('insightsHidden', { kind: h.kind, namespace: h.kind === 'pods' ? h.namespace : '' })}
            </p>
          ))}
        </>
      ) : null}
    </section>
  );
}
