'use client';
import { useFormatter, useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { discoverJson } from '@/lib/logs-insights';
import type { CompileParams } from '@/lib/logs-insights/compile-messages';
import { toErrorObject } from '../api/client';
import { compileText } from './compile-message';
import { isFinal, useLogGroupFields, useLogGroups, useQueryRows, useQueryState, useStartQuery, useStopQuery, type LogGroupRow, type LogsAccessView, type RecentSource } from './api';
import { LogGroupSettings } from './log-group-settings';
import type { FieldOption } from './language';
import { QueryEditor, type QueryErrorLocation } from './query-editor';
import { Skeleton } from '../ui/skeleton';
import { QueryFailure } from './query-failure';
import { QueryLibrary } from './query-library';
import { ResultsChart } from './results-chart';
import { chartFor, columnsOf, queryNamespace, toCsv, toJson, toRows } from './results-model';
import { ResultsTable } from './results-table';
import { rangeSeconds, relativeRange, TimeRangePicker, type TimeRange } from './time-range';
import { AddToDashboard } from '@/components/dashboards/add-to-dashboard';
import { logWidgetTitle } from '@/components/dashboards/titles';

const DEFAULT_QUERY = 'fields @timestamp, kubernetes.pod_name, log\n| sort @timestamp desc\n| limit 100';

/** A byte count in binary units, the number in the page's language: "812 B", "1.5 KB", "23 MB". */
function useBytes(): (n: number) => string {
  const format = useFormatter();
  return (n) => {
    if (n < 1024) return `${format.number(n)} B`;
    const units = ['KB', 'MB', 'GB', 'TB'];
    let v = n / 1024;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    const digits = v < 10 ? 1 : 0;
    return `${format.number(v, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${units[i]}`;
  };
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function RestrictionNotice({ access }: { access: LogsAccessView }) {
  const t = useTranslations('LogsInsights');
  if (access.clusterWide) return null;
  const code = (chunks: React.ReactNode) => <code>{chunks}</code>;
  return (
    <div role="note" data-testid="logs-restriction" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      {access.namespaces.length === 0
        ? t.rich('noLogAccess', { code })
        : t.rich('restricted', {
            count: access.namespaces.length,
            namespaces: access.namespaces.join(', '),
            group: access.containerLogGroup,
            filter: `filter kubernetes.namespace_name in [${access.namespaces.map((n) => `"${n}"`).join(', ')}]`,
            code,
            strong: (chunks) => <strong>{chunks}</strong>,
          })}
    </div>
  );
}

function GroupPicker({ groups, selected, onChange }: { groups: LogGroupRow[]; selected: string[]; onChange: (s: string[]) => void }) {
  const t = useTranslations('LogsInsights');
  const bytes = useBytes();
  return (
    <details className="rounded-md border border-slate-300 bg-white text-sm" open={selected.length === 0}>
      <summary className="cursor-pointer px-2 py-1.5">
        {t('logGroups')}: <span className="font-mono text-xs">{selected.length ? selected.join(', ') : t('noneSelected')}</span>
      </summary>
      <ul className="max-h-56 overflow-auto border-t border-slate-200 py-1" aria-label={t('logGroups')}>
        {groups.map((g) => (
          <li key={g.name} className="flex items-center gap-2 px-2 py-0.5 hover:bg-slate-50">
            <input
              id={`lg-${g.name}`}
              type="checkbox"
              checked={selected.includes(g.name)}
              onChange={(e) => onChange(e.target.checked ? [...selected, g.name] : selected.filter((s) => s !== g.name))}
              disabled={!selected.includes(g.name) && selected.length >= 50}
            />
            <label htmlFor={`lg-${g.name}`} className="flex-1 truncate font-mono text-xs">
              {g.name}
            </label>
            <span className="text-xs text-slate-500">{g.retentionInDays ? t('retentionDays', { days: g.retentionInDays }) : t('neverExpires')}</span>
            {g.storedBytes !== undefined && (
              <span className="w-16 text-right text-xs tabular-nums text-slate-500" data-testid="stored-bytes">
                {bytes(g.storedBytes)}
              </span>
            )}
          </li>
        ))}
        {groups.length === 0 && <li className="px-2 py-1 text-xs text-slate-500">{t('noLogGroups')}</li>}
      </ul>
    </details>
  );
}

/** Where completion's fields come from, or why it has none of the groups'. */
function FieldsNote({ state }: { state: ReturnType<typeof useLogGroupFields> }) {
  const t = useTranslations('LogsInsights');
  const { data, error, isPending } = state;
  let text: string;
  if (error) text = t('fieldsFailed', { message: toErrorObject(error).message });
  else if (isPending || !data) text = t('fieldsReading');
  else {
    const found = data.fields.filter((f) => !f.name.startsWith('@')).length;
    const where = data.restrictedTo ? t('fieldsWhereSampled', { sampled: data.sampled ?? 0, namespaces: data.restrictedTo.join(', ') }) : t('fieldsWhereGroups');
    text = found === 0 ? t('fieldsNone', { where }) : t('fieldsKnown', { count: found, where });
  }
  return (
    <p className={`text-xs ${error ? 'text-amber-800' : 'text-slate-500'}`} data-testid="fields-note">
      {text}
    </p>
  );
}

/** The compile error's location, when the failure is one (ours or the service's MalformedQueryException). */
function compileLocation(error: unknown): (QueryErrorLocation & { line?: number; column?: number }) | null {
  const e = toErrorObject(error);
  if (e.aws?.name !== 'MalformedQueryException') return null;
  const c = e.aws.members?.queryCompileError as
    { location?: { startCharOffset: number; endCharOffset: number; line?: number; column?: number }; message?: string; code?: string; params?: CompileParams } | undefined;
  if (!c?.location) return null;
  return {
    start: c.location.startCharOffset,
    end: c.location.endCharOffset,
    message: c.message ?? e.message,
    code: c.code,
    params: c.params,
    line: c.location.line,
    column: c.location.column,
  };
}

export function LogsPage({ cluster }: { cluster: string }) {
  const t = useTranslations('LogsInsights');
  const compile = useTranslations('LogsInsightsCompile');
  const format = useFormatter();
  const bytes = useBytes();
  const search = useSearchParams();
  const groups = useLogGroups(cluster);
  // Links from other pages: `q` (or `query`), `groups` (comma-separated), `range` (`1h`), `namespace` and `selector`.
  const [query, setQuery] = useState(search.get('q') ?? search.get('query') ?? DEFAULT_QUERY);
  const [range, setRange] = useState<TimeRange>(relativeRange(search.get('range')) ?? { kind: 'relative', minutes: 60 });
  const [sourceKind, setSourceKind] = useState<'cloudwatch' | 'pods'>('cloudwatch');
  const [selected, setSelected] = useState<string[] | null>(() => search.get('groups')?.split(',').filter(Boolean) || null);
  const [podNamespace, setPodNamespace] = useState(search.get('namespace') ?? '');
  const [podSelector, setPodSelector] = useState(search.get('selector') ?? '');
  const [queryId, setQueryId] = useState<string | null>(null);
  // The saved query last chosen: a widget added while its text is unchanged is titled by its name.
  const [savedQuery, setSavedQuery] = useState<{ name: string; queryString: string }>();
  // The query the shown results answer, which the editor may since have changed.
  const [ranQuery, setRanQuery] = useState(query);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const start = useStartQuery(cluster);
  const stop = useStopQuery(cluster);
  const state = useQueryState(cluster, queryId);

  // The cluster's container logs are selected until the user picks otherwise.
  const groupList = groups.data?.logGroups;
  const access = groups.data?.access;
  const logGroups = selected ?? (access ? [access.containerLogGroup].filter((g) => groupList?.some((l) => l.name === g)) : []);

  const source: RecentSource = sourceKind === 'cloudwatch' ? { kind: 'cloudwatch', logGroupNames: logGroups } : { kind: 'pods', namespace: podNamespace, labelSelector: podSelector };
  const run = () => {
    const r = rangeSeconds(range);
    if (typeof r === 'string') return setRangeError(t(r));
    setRangeError(null);
    // The previous query's results give way as soon as a new one is asked for.
    setQueryId(null);
    setRanQuery(query);
    start.mutate({ queryString: query, ...r, source }, { onSuccess: (s) => setQueryId(s.id) });
  };
  const choose = (q: string, s?: RecentSource, savedName?: string) => {
    setQuery(q);
    setSavedQuery(savedName ? { name: savedName, queryString: q } : undefined);
    if (s?.kind === 'cloudwatch') {
      setSourceKind('cloudwatch');
      if (s.logGroupNames.length) setSelected(s.logGroupNames);
    } else if (s?.kind === 'pods') {
      setSourceKind('pods');
      setPodNamespace(s.namespace);
      setPodSelector(s.labelSelector);
    }
  };

  // A link with `run=1` (from a firing alarm) runs its query once, as soon as its log groups are known.
  const runOnArrival = useRef(search.get('run') === '1');
  const ready = sourceKind === 'pods' || logGroups.length > 0;
  useEffect(() => {
    if (!runOnArrival.current || !ready) return;
    runOnArrival.current = false;
    run();
    // run reads the page's current query, range and source: it is meant to run once with them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready]);

  const current = state.data;
  const running = current !== undefined && !isFinal(current.status);
  const all = useQueryRows(cluster, current);
  const rows = useMemo(() => toRows(all.results), [all.results]);
  const columns = useMemo(() => columnsOf(rows), [rows]);
  const chart = useMemo(() => chartFor(query, rows), [query, rows]);
  // Completion knows the groups' fields before any query has run, and adds those its results show.
  const fieldsAt = useMemo(() => {
    if (range.kind === 'relative') return undefined;
    const r = rangeSeconds(range);
    return typeof r === 'string' ? undefined : Math.max(0, r.endTime - 480);
  }, [range]);
  const groupFields = useLogGroupFields(cluster, sourceKind === 'cloudwatch' ? logGroups : [], fieldsAt);
  const fields = useMemo(() => {
    const found = new Set(columns.filter((c) => !c.startsWith('@')));
    for (const row of rows.slice(0, 200)) for (const k of Object.keys(discoverJson(row['@message'] ?? '') ?? {})) found.add(k);
    const known: FieldOption[] = sourceKind === 'cloudwatch' ? [...(groupFields.data?.fields ?? [])] : [];
    const named = new Set(known.map((f) => f.name));
    for (const name of [...found].sort()) if (!named.has(name)) known.push({ name });
    return known;
  }, [rows, columns, groupFields.data, sourceKind]);
  const failure = start.error ?? (current?.error ? current.error : null);
  const location = failure ? compileLocation(failure) : null;

  return (
    <div className="flex flex-col gap-4 lg:flex-row">
      <div className="min-w-0 flex-1 space-y-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">{t('title')}</h1>
          <span className="font-mono text-sm text-slate-600">{cluster}</span>
        </div>
        {groups.error && <QueryFailure error={groups.error} />}
        {access && <RestrictionNotice access={access} />}
        <div className="flex flex-wrap items-center gap-2 text-sm" role="radiogroup" aria-label={t('source')}>
          {(['cloudwatch', 'pods'] as const).map((k) => (
            <label key={k} className="flex items-center gap-1">
              <input type="radio" name="source" checked={sourceKind === k} onChange={() => setSourceKind(k)} />
              {k === 'cloudwatch' ? 'CloudWatch Logs' : t('livePodLogs')}
            </label>
          ))}
        </div>
        {sourceKind === 'cloudwatch' ? (
          groupList ? (
            <GroupPicker groups={groupList} selected={logGroups} onChange={setSelected} />
          ) : (
            !groups.error && <Skeleton className="h-8" label={t('loadingLogGroups')} waitingFor="CloudWatch Logs" />
          )
        ) : (
          <div className="flex flex-wrap gap-2 text-sm">
            <input
              aria-label={t('namespace')}
              placeholder={t('namespacePlaceholder')}
              value={podNamespace}
              onChange={(e) => setPodNamespace(e.target.value)}
              className="w-48 rounded border border-slate-300 px-2 py-1 font-mono text-xs"
            />
            <input
              aria-label={t('labelSelector')}
              placeholder="app=backend-app"
              value={podSelector}
              onChange={(e) => setPodSelector(e.target.value)}
              className="w-72 rounded border border-slate-300 px-2 py-1 font-mono text-xs"
            />
            <span className="self-center text-xs text-slate-500">{t('podLogsNote', { max: 50 })}</span>
          </div>
        )}
        <TimeRangePicker value={range} onChange={setRange} />
        {rangeError && <p className="text-xs text-red-800">{rangeError}</p>}
        <QueryEditor value={query} onChange={setQuery} onRun={run} fields={fields} serverError={location} />
        {sourceKind === 'cloudwatch' && logGroups.length > 0 && <FieldsNote state={groupFields} />}
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={run}
            disabled={start.isPending || running || (sourceKind === 'cloudwatch' && logGroups.length === 0)}
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
          >
            {t('runQuery')}
          </button>
          {sourceKind === 'cloudwatch' && logGroups.length > 0 && (
            <AddToDashboard
              cluster={cluster}
              align="left"
              widget={{ type: 'log', title: logWidgetTitle(query, savedQuery?.queryString === query ? savedQuery.name : undefined), logGroups, query, view: 'table', stacked: false }}
            />
          )}
          {running && (
            <button type="button" onClick={() => current && stop.mutate(current.id)} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
              {t('cancel')}
            </button>
          )}
          {rows.length > 0 && !all.loading && (
            <>
              <button
                type="button"
                onClick={() => download('logs-insights.csv', 'text/csv', toCsv(rows, columns))}
                className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50"
              >
                {t('exportCsv')}
              </button>
              <button
                type="button"
                onClick={() => download('logs-insights.json', 'application/json', toJson(rows))}
                className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50"
              >
                {t('exportJson')}
              </button>
            </>
          )}
          <span className="text-xs text-slate-500">{t('ctrlEnter')}</span>
        </div>
        {failure && (
          <div>
            {location?.line !== undefined && (
              <p className="mb-1 text-xs text-red-800" data-testid="compile-location">
                {t('compileLocation', { line: location.line, column: location.column ?? 0 })}
              </p>
            )}
            {/* The console's own compile errors in the page's language; the service's in its words. */}
            <QueryFailure error={failure} message={location ? compileText(compile, location) : undefined} />
          </div>
        )}
        {current && (
          <div className="space-y-1" data-testid="query-progress">
            <div className="flex flex-wrap items-center gap-3 text-xs text-slate-700">
              <span className="font-semibold" data-testid="query-status">
                {current.status}
              </span>
              {current.queuedBehind !== undefined && <span>{t('queuedBehind', { count: current.queuedBehind })}</span>}
              <span className="tabular-nums">{t('recordsMatched', { count: current.statistics.recordsMatched })}</span>
              {current.statistics.recordsScanned !== null && <span className="tabular-nums">{t('scanned', { what: format.number(current.statistics.recordsScanned) })}</span>}
              {current.statistics.bytesScanned !== null && <span className="tabular-nums">{t('scanned', { what: bytes(current.statistics.bytesScanned) })}</span>}
              {current.statistics.recordsScanned === null && current.restrictedTo && (
                <span data-testid="scanned-hidden">{t('scannedHidden', { count: current.restrictedTo.length, namespaces: current.restrictedTo.join(', ') })}</span>
              )}
              <span className="tabular-nums" data-testid="row-count">
                {all.loading ? t('rowsLoading', { loaded: rows.length, total: all.total }) : t('rows', { count: rows.length })}
              </span>
              {current.rowsWithheld > 0 && <span className="text-amber-800">{t('rowsWithheld', { count: current.rowsWithheld })}</span>}
            </div>
            <div className="h-1 overflow-hidden rounded bg-slate-100" role="progressbar" aria-label={t('progress')} aria-busy={running}>
              <div className={`h-full bg-sky-600 ${running ? 'w-1/3 animate-pulse' : current.status === 'Complete' ? 'w-full' : 'w-0'}`} />
            </div>
          </div>
        )}
        {chart.kind !== 'none' && <ResultsChart spec={chart} />}
        {all.error !== undefined && <QueryFailure error={all.error} />}
        {rows.length > 0 && <ResultsTable cluster={cluster} rows={rows} columns={columns} namespace={queryNamespace(ranQuery)} />}
        {current && isFinal(current.status) && rows.length === 0 && !current.error && <p className="text-sm text-slate-600">{t('noRecords')}</p>}
        {access && groupList && sourceKind === 'cloudwatch' && <LogGroupSettings cluster={cluster} groups={groupList.filter((g) => logGroups.includes(g.name))} canEdit={access.canEditLogGroups} />}
      </div>
      <QueryLibrary cluster={cluster} query={query} logGroups={logGroups} onChoose={choose} />
    </div>
  );
}
