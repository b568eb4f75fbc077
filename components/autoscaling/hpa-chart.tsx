'use client';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartMarker, ChartPoint, MetricSeries } from './chart-data';

const COLORS = ['#0284c7', '#9333ea', '#ea580c', '#0891b2'];

function clock(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

function Markers({ markers }: { markers: ChartMarker[] }) {
  return markers.map((m, i) => (
    <ReferenceLine key={`${m.t}-${i}`} x={m.t} stroke={m.warning ? '#dc2626' : '#16a34a'} strokeDasharray={m.warning ? '2 2' : undefined} ifOverflow="discard" />
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

/** Current and desired replicas as steps over the min/max band, scale events as vertical lines. */
export function ReplicasChart({ points, markers, domain }: ChartProps) {
  return (
    <figure className="h-64" data-testid="hpa-replicas-chart" aria-label="Replicas over time">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {axis(domain)}
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
          <Tooltip labelFormatter={tooltipTime} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area dataKey="bounds" name="min–max" stroke="none" fill="#e2e8f0" fillOpacity={0.7} isAnimationActive={false} type="stepAfter" />
          <Line dataKey="current" name="current replicas" stroke="#0f172a" strokeWidth={2} dot={false} type="stepAfter" isAnimationActive={false} />
          <Line dataKey="desired" name="desired replicas" stroke="#0284c7" strokeDasharray="4 3" dot={false} type="stepAfter" isAnimationActive={false} />
          {Markers({ markers })}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Each metric's current value (solid) against its target (dashed). */
export function MetricsChart({ points, markers, domain, metrics }: ChartProps & { metrics: MetricSeries[] }) {
  return (
    <figure className="h-56" data-testid="hpa-metrics-chart" aria-label="Metrics against targets over time">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {axis(domain)}
          <YAxis tick={{ fontSize: 11 }} />
          <Tooltip labelFormatter={tooltipTime} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {metrics.flatMap((m, i) => [
            <Line key={m.key} dataKey={m.key} name={m.label} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls={false} />,
            <Line key={m.targetKey} dataKey={m.targetKey} name={`${m.label} target`} stroke={COLORS[i % COLORS.length]} strokeDasharray="6 4" strokeOpacity={0.6} dot={false} type="stepAfter" isAnimationActive={false} />,
          ])}
          {Markers({ markers })}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The scaled workload's pods by state: ready, and Pending (unschedulable among them). */
export function PodsChart({ points, markers, domain }: ChartProps) {
  return (
    <figure className="h-40" data-testid="hpa-pods-chart" aria-label="Pods over time">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {axis(domain)}
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
          <Tooltip labelFormatter={tooltipTime} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area dataKey="ready" name="ready pods" stackId="pods" stroke="#16a34a" fill="#bbf7d0" type="stepAfter" isAnimationActive={false} />
          <Area dataKey="pending" name="pending pods" stackId="pods" stroke="#d97706" fill="#fde68a" type="stepAfter" isAnimationActive={false} />
          <Line dataKey="unschedulable" name="unschedulable" stroke="#dc2626" dot={false} type="stepAfter" isAnimationActive={false} />
          {Markers({ markers })}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
