'use client';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslations } from 'next-intl';
import type { ChartMarker, ChartPoint, MetricSeries } from './chart-data';

const COLORS = ['var(--color-sky-600)', 'var(--color-purple-600)', 'var(--color-orange-600)', 'var(--color-cyan-600)'];

function clock(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

function Markers({ markers }: { markers: ChartMarker[] }) {
  return markers.map((m, i) => (
    <ReferenceLine key={`${m.t}-${i}`} x={m.t} stroke={m.warning ? 'var(--color-red-600)' : 'var(--color-green-600)'} strokeDasharray={m.warning ? '2 2' : undefined} ifOverflow="discard" />
  ));
}

interface ChartProps {
  points: ChartPoint[];
  markers: ChartMarker[];
  domain: [number, number];
}

function axis(domain: [number, number]) {
  const span = domain[1] - domain[0];
  return <XAxis dataKey="t" type="number" scale="time" domain={domain} tick={{ fontSize: 11 }} tickFormatter={(t: number) => clock(t, span)} />;
}

const tooltipTime = (t: unknown) => new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 19);

/** The frame every HPA chart shares: time axis over the range, grid, tooltip, legend, scale-event markers. */
function TimeChart({
  label,
  testId,
  height,
  points,
  markers,
  domain,
  integers = false,
  children,
}: ChartProps & { label: string; testId: string; height: string; integers?: boolean; children: React.ReactNode }) {
  return (
    <figure className={height} data-testid={testId} aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-slate-200)" />
          {axis(domain)}
          <YAxis tick={{ fontSize: 11 }} allowDecimals={!integers} />
          <Tooltip labelFormatter={tooltipTime} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {children}
          {Markers({ markers })}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Current and desired replicas as steps over the min/max band, scale events as vertical lines. */
export function ReplicasChart(props: ChartProps) {
  const t = useTranslations('Hpa');
  return (
    <TimeChart {...props} label={t('replicasOverTime')} testId="hpa-replicas-chart" height="h-64" integers>
      <Area dataKey="bounds" name={t('minMaxBand')} stroke="none" fill="var(--color-slate-200)" fillOpacity={0.7} isAnimationActive={false} type="stepAfter" />
      <Line dataKey="current" name={t('currentReplicas')} stroke="var(--color-slate-900)" strokeWidth={2} dot={false} type="stepAfter" isAnimationActive={false} />
      <Line dataKey="desired" name={t('desiredReplicas')} stroke="var(--color-sky-600)" strokeDasharray="4 3" dot={false} type="stepAfter" isAnimationActive={false} />
    </TimeChart>
  );
}

/** Each metric's current value (solid) against its target (dashed). */
export function MetricsChart({ metrics, ...props }: ChartProps & { metrics: MetricSeries[] }) {
  const t = useTranslations('Hpa');
  return (
    <TimeChart {...props} label={t('metricsOverTime')} testId="hpa-metrics-chart" height="h-56">
      {metrics.flatMap((m, i) => [
        <Line key={m.key} dataKey={m.key} name={m.label} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls={false} />,
        <Line
          key={m.targetKey}
          dataKey={m.targetKey}
          name={t('metricTarget', { metric: m.label })}
          stroke={COLORS[i % COLORS.length]}
          strokeDasharray="6 4"
          strokeOpacity={0.6}
          dot={false}
          type="stepAfter"
          isAnimationActive={false}
        />,
      ])}
    </TimeChart>
  );
}

/** The scaled workload's pods by state: ready, and Pending (unschedulable among them). */
export function PodsChart(props: ChartProps) {
  const t = useTranslations('Hpa');
  return (
    <TimeChart {...props} label={t('podsOverTime')} testId="hpa-pods-chart" height="h-40" integers>
      <Area dataKey="ready" name={t('readyPods')} stackId="pods" stroke="var(--color-green-600)" fill="var(--color-green-200)" type="stepAfter" isAnimationActive={false} />
      <Area dataKey="pending" name={t('pendingPods')} stackId="pods" stroke="var(--color-amber-600)" fill="var(--color-amber-200)" type="stepAfter" isAnimationActive={false} />
      <Line dataKey="unschedulable" name={t('unschedulable')} stroke="var(--color-red-600)" dot={false} type="stepAfter" isAnimationActive={false} />
    </TimeChart>
  );
}
