'use client';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartSpec } from './results-model';

const COLORS = [
  'var(--color-sky-600)',
  'var(--color-red-600)',
  'var(--color-green-600)',
  'var(--color-purple-600)',
  'var(--color-orange-600)',
  'var(--color-cyan-600)',
  'var(--color-yellow-600)',
  'var(--color-pink-600)',
  'var(--color-indigo-600)',
  'var(--color-lime-600)',
];

/** A stats query's chart: lines over time for bin() (dots while there are fewer than three bins, which a line cannot show), bars per group for `by` fields. */
export function ResultsChart({ spec }: { spec: ChartSpec }) {
  const t = useTranslations('LogsInsights');
  if (spec.kind === 'none') return null;
  return (
    <figure className="h-64 rounded-md border border-slate-200 bg-white p-2" data-testid={`chart-${spec.kind}`} aria-label={spec.kind === 'bars' ? t('barChart') : t('timeSeriesChart')}>
      <ResponsiveContainer width="100%" height="100%">
        {spec.kind === 'timeseries' ? (
          <LineChart data={spec.points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-slate-200)" />
            <XAxis dataKey={spec.time} tick={{ fontSize: 11 }} tickFormatter={(t: string) => t.slice(11, 19)} />
            <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {spec.series.slice(0, COLORS.length).map((s, i) => (
              <Line key={s} type="monotone" dataKey={s} stroke={COLORS[i]} dot={spec.points.length < 3} isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart data={spec.points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-slate-200)" />
            <XAxis dataKey={spec.category} tick={{ fontSize: 11 }} interval={0} />
            <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {spec.values.slice(0, COLORS.length).map((v, i) => (
              <Bar key={v} dataKey={v} fill={COLORS[i]} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </figure>
  );
}
