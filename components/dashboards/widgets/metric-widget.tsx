'use client';
import { useTranslations } from 'next-intl';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMetricData } from '@/components/api/metrics';
import type { MetricWidget as Spec, TimeRange } from '@/lib/dashboards/model';
import { substitute } from '@/lib/dashboards/variables';
import { WidgetFrame } from './frame';
import { SERIES_COLORS } from './series-colors';
import { metricChart, timeTick, timeTicks, type MetricChart } from './metric-chart';
import { useRefetchOnRun } from './use-refetch-on-run';

const COLORS = SERIES_COLORS;

/** The widget's `metrics` with the dashboard's variables put into every string part. */
function withVariables(metrics: unknown, values: Record<string, string>): unknown {
  if (!Array.isArray(metrics)) return metrics;
  return metrics.map((m) => (Array.isArray(m) ? m.map((p) => (typeof p === 'string' ? substitute(p, values) : p)) : m));
}

function ChartView({ chart, stacked, start, end }: { chart: MetricChart; stacked: boolean; start: number; end: number }) {
  const t = useTranslations('Dashboards');
  if (!chart.rows.length) return <p className="text-sm text-slate-500">{t('noDatapoints')}</p>;
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--color-slate-200)" />
      <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} ticks={timeTicks(start, end)} tickFormatter={(t: number) => timeTick(t, end - start)} tick={{ fontSize: 11 }} />
      <YAxis tick={{ fontSize: 11 }} width={48} />
      <Tooltip labelFormatter={(t) => new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'} />
      <Legend wrapperStyle={{ fontSize: 11 }} />
    </>
  );
  const color = (i: number) => COLORS[i % COLORS.length];
  return (
    <div className="h-full min-h-[120px] w-full" data-testid="metric-widget-chart">
      <ResponsiveContainer width="100%" height="100%">
        {stacked ? (
          <AreaChart data={chart.rows}>
            {axes}
            {chart.series.map((s, i) => (
              <Area key={s.id} type="monotone" dataKey={s.id} name={s.label} stackId="all" stroke={color(i)} fill={color(i)} isAnimationActive={false} />
            ))}
          </AreaChart>
        ) : (
          <LineChart data={chart.rows}>
            {axes}
            {chart.series.map((s, i) => (
              <Line key={s.id} type="monotone" dataKey={s.id} name={s.label} stroke={color(i)} dot={chart.rows.length < 30} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

/** A CloudWatch metric widget drawn from GetMetricData as the viewer may see it; each refused metric says why. */
export function MetricWidget({
  widget,
  cluster,
  values,
  range,
  runKey,
  actions,
}: {
  widget: Spec;
  cluster: string;
  values: Record<string, string>;
  range: TimeRange;
  runKey: number;
  actions?: React.ReactNode;
}) {
  const t = useTranslations('Dashboards');
  const p = widget.properties;
  const metrics = withVariables(p.metrics, values);
  const query = { metrics, stat: p.stat, period: p.period, region: p.region };
  const data = useMetricData(cluster, query, range);
  useRefetchOnRun(runKey, data.refetch);
  const chart = data.data ? metricChart(data.data) : undefined;
  const title = typeof p.title === 'string' && p.title ? substitute(p.title, values) : (chart?.series.map((s) => s.label).join(', ') ?? t('metric'));
  const progress = data.isFetching ? t('loading') : chart ? t('metricProgress', { metrics: chart.series.length, points: chart.rows.length }) : undefined;
  const view = typeof p.view === 'string' ? p.view : 'timeSeries';
  const note = view !== 'timeSeries' ? t('drawnAs', { view: String(view) }) : undefined;
  return (
    <WidgetFrame title={title} progress={progress} note={note} error={data.error ?? undefined} actions={actions}>
      {chart && (
        <div className="flex h-full flex-col">
          {chart.series.length > 0 && (
            <div className="min-h-0 flex-1">
              <ChartView chart={chart} stacked={p.stacked === true} start={Date.parse(data.data!.start)} end={Date.parse(data.data!.end)} />
            </div>
          )}
          {chart.refused.length > 0 && (
            <ul className="mt-1 space-y-0.5 text-xs text-amber-900" data-testid="metric-widget-refused">
              {chart.refused.map((r) => (
                <li key={r.id}>
                  <span className="font-semibold">{r.label}</span>: {r.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </WidgetFrame>
  );
}
