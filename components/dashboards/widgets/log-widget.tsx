'use client';
import { useTranslations } from 'next-intl';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LogWidget as LogWidgetSpec, TimeRange } from '@/lib/dashboards/model';
import { substitute } from '@/lib/dashboards/variables';
import { chartData, pieSlices, resultTable, type ResultField } from './chart-data';
import { WidgetFrame } from './frame';
import { SERIES_COLORS } from './series-colors';
import { useLogQuery, type LogQueryView } from './use-log-query';

const COLORS = SERIES_COLORS;

/** A column's width: a timestamp on one line, a message wide enough to read, any other a few words; the widget scrolls sideways past that. */
function cellWidth(column: string): string {
  if (column === '@timestamp' || column === '@ingestionTime') return 'whitespace-nowrap';
  if (column === '@message' || column === 'log' || column === 'message') return 'min-w-[24rem] whitespace-pre-wrap break-words';
  return 'min-w-[8rem] whitespace-pre-wrap break-words';
}

type DashboardsT = ReturnType<typeof useTranslations<'Dashboards'>>;

function ResultTableView({ rows }: { rows: ResultField[][] }) {
  const t = useTranslations('Dashboards');
  const table = resultTable(rows);
  if (!table.rows.length) return <p className="text-sm text-slate-500">{t('noResults')}</p>;
  return (
    <table className="min-w-full text-left text-xs">
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c} className="border-b border-slate-200 px-2 py-1 font-semibold text-slate-600">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r, i) => (
          <tr key={i} className="odd:bg-slate-50">
            {table.columns.map((c) => (
              <td key={c} className={`${cellWidth(c)} px-2 py-1 align-top font-mono`}>
                {r[c] ?? ''}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChartView({ rows, view, stacked }: { rows: ResultField[][]; view: LogWidgetSpec['view']; stacked: boolean }) {
  const t = useTranslations('Dashboards');
  const data = chartData(rows);
  if (!data.points.length) return <p className="text-sm text-slate-500">{t('noResults')}</p>;
  if (!data.series.length) return <ResultTableView rows={rows} />;
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--color-slate-200)" />
      <XAxis dataKey={data.category} tick={{ fontSize: 11 }} />
      <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
      <Tooltip />
      {data.series.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
    </>
  );
  let chart;
  if (view === 'pie') {
    const slices = pieSlices(data);
    chart = (
      <PieChart>
        <Pie data={slices} dataKey="value" nameKey="name" outerRadius="80%" isAnimationActive={false} label={{ fontSize: 11 }}>
          {slices.map((s, i) => (
            <Cell key={s.name} fill={COLORS[i % COLORS.length]} />
          ))}
        </Pie>
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 11 }} />
      </PieChart>
    );
  } else if (view === 'bar') {
    chart = (
      <BarChart data={data.points}>
        {axes}
        {data.series.map((s, i) => (
          <Bar key={s} dataKey={s} fill={COLORS[i % COLORS.length]} isAnimationActive={false} {...(stacked ? { stackId: 'all' } : {})} />
        ))}
      </BarChart>
    );
  } else if (stacked) {
    chart = (
      <AreaChart data={data.points}>
        {axes}
        {data.series.map((s, i) => (
          <Area key={s} type="monotone" dataKey={s} stackId="all" stroke={COLORS[i % COLORS.length]} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
        ))}
      </AreaChart>
    );
  } else {
    chart = (
      <LineChart data={data.points}>
        {axes}
        {data.series.map((s, i) => (
          <Line key={s} type="monotone" dataKey={s} stroke={COLORS[i % COLORS.length]} dot={data.points.length < 30} isAnimationActive={false} />
        ))}
      </LineChart>
    );
  }
  return (
    <div className="h-full min-h-[120px] w-full" data-testid="log-widget-chart">
      <ResponsiveContainer width="100%" height="100%">
        {chart}
      </ResponsiveContainer>
    </div>
  );
}

function widgetProgress(view: LogQueryView, t: DashboardsT): string | undefined {
  switch (view.phase) {
    case 'starting':
      return view.waiting ? t('queryWaiting', { max: view.waiting.max, seconds: view.waiting.retryAfterSeconds }) : t('queryStarting');
    case 'running':
      return view.recordsScanned === null ? t('queryRunning', { status: view.status }) : t('queryRunningScanned', { status: view.status, scanned: view.recordsScanned });
    case 'done':
      return view.recordsScanned === null ? t('queryRows', { count: view.results.length }) : t('queryRowsScanned', { count: view.results.length, scanned: view.recordsScanned });
    default:
      return undefined;
  }
}

export function LogWidget({
  widget,
  cluster,
  values,
  range,
  runKey,
  actions,
}: {
  widget: LogWidgetSpec;
  cluster: string;
  values: Record<string, string>;
  range: TimeRange;
  runKey: number;
  actions?: React.ReactNode;
}) {
  const view = useLogQuery({ cluster, queryString: substitute(widget.query, values), logGroups: widget.logGroups.map((g) => substitute(g, values)), range, runKey });
  const t = useTranslations('Dashboards');
  const progress = widgetProgress(view, t);
  const note =
    (view.phase === 'running' || view.phase === 'done') && view.restrictedTo
      ? t('onlyYourLogs', { count: view.restrictedTo.length, namespaces: view.restrictedTo.join(', '), scannedHidden: String(view.recordsScanned === null) })
      : undefined;
  return (
    <WidgetFrame title={substitute(widget.title, values) || t('logsInsights')} progress={progress} note={note} error={view.phase === 'error' ? view.error : undefined} actions={actions}>
      {'results' in view &&
        (view.phase === 'done' || view.results.length > 0) &&
        (widget.view === 'table' ? <ResultTableView rows={view.results} /> : <ChartView rows={view.results} view={widget.view} stacked={widget.stacked} />)}
    </WidgetFrame>
  );
}
