'use client';
import { useTranslations } from 'next-intl';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint, MetricSeries } from '@/lib/alarms/types';
import { clock } from './format';

const COLORS = ['var(--color-sky-600)', 'var(--color-purple-600)', 'var(--color-orange-600)', 'var(--color-cyan-600)', 'var(--color-green-600)'];

/** The metric around the transition (dashed vertical line) against the threshold (red line). */
export function Sparkline({ points, threshold, since, domain, name }: { points: MetricPoint[]; threshold?: number; since: number; domain: [number, number]; name: string }) {
  const t = useTranslations('Alarms');
  const values = points.map((p) => p.v);
  const top = Math.max(...values, threshold ?? 0);
  const bottom = Math.min(...values, threshold ?? 0, 0);
  return (
    <figure className="h-14 w-48 shrink-0" data-testid="alarm-sparkline" aria-label={t('sparkline', { name, count: points.length })}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 2, bottom: 2, left: 2 }}>
          <XAxis dataKey="t" type="number" domain={domain} hide />
          <YAxis domain={[bottom, top === bottom ? top + 1 : top * 1.1]} hide />
          {threshold !== undefined && <ReferenceLine y={threshold} stroke="var(--color-red-600)" strokeDasharray="3 2" ifOverflow="extendDomain" />}
          <ReferenceLine x={since} stroke="var(--color-slate-500)" strokeDasharray="2 2" />
          <Line dataKey="v" stroke="var(--color-slate-900)" strokeWidth={1.5} dot={points.length < 3} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

const tooltipTime = (t: unknown) => new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 19);

/** Series over a range, with the threshold and the transitions as reference lines. A series of one or two datapoints shows them as dots, since a line needs two. */
export function MetricChart({
  series,
  threshold,
  domain,
  transitions = [],
  height = 'h-64',
  label,
}: {
  series: MetricSeries[];
  threshold?: number;
  domain: [number, number];
  transitions?: number[];
  height?: string;
  label: string;
}) {
  const t = useTranslations('Alarms');
  const byTime = new Map<number, Record<string, number>>();
  series.forEach((s, i) => {
    for (const p of s.points) byTime.set(p.t, { ...(byTime.get(p.t) ?? { t: p.t }), [`s${i}`]: p.v });
  });
  const data = [...byTime.values()].sort((a, b) => a.t - b.t);
  return (
    <figure className={height} aria-label={label} data-testid="metric-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-slate-200)" />
          <XAxis dataKey="t" type="number" scale="time" domain={domain} tick={{ fontSize: 11 }} tickFormatter={(t: number) => clock(t)} />
          <YAxis tick={{ fontSize: 11 }} width={48} />
          <Tooltip labelFormatter={tooltipTime} />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {threshold !== undefined && (
            <ReferenceLine
              y={threshold}
              stroke="var(--color-red-600)"
              strokeDasharray="4 3"
              label={{ value: t('threshold', { threshold }), fontSize: 11, fill: 'var(--color-red-600)', position: 'insideTopRight' }}
              ifOverflow="extendDomain"
            />
          )}
          {transitions.map((t) => (
            <ReferenceLine key={t} x={t} stroke="var(--color-slate-500)" strokeDasharray="2 2" ifOverflow="discard" />
          ))}
          {series.map((s, i) => (
            <Line key={s.id} dataKey={`s${i}`} name={s.label} stroke={COLORS[i % COLORS.length]} dot={s.points.length < 3} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
