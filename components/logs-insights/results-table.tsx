'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useMemo, useRef, useState } from 'react';
import { toErrorObject } from '../api/client';
import { podHref } from '../pods/links';
import { fetchLogRecord } from './api';
import { POD_FIELDS, recordPod, sortRows, type ResultRow } from './results-model';
import { SurroundingLines } from './surrounding-lines';

const ROW_HEIGHT = 28;

function RecordDetail({ cluster, row }: { cluster: string; row: ResultRow }) {
  const t = useTranslations('LogsInsights');
  const [state, setState] = useState<{ record?: Record<string, string>; error?: string; loading: boolean }>({ loading: false });
  const ptr = row['@ptr'];
  const record = state.record ?? row;
  return (
    <div className="border-t border-slate-200 bg-slate-50 px-3 py-2 text-xs" data-testid="record-detail">
      {ptr && !state.record && (
        <button
          type="button"
          className="mb-2 rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100"
          disabled={state.loading}
          onClick={() => {
            setState({ loading: true });
            fetchLogRecord(cluster, ptr).then(
              (r) => setState({ record: r.record, loading: false }),
              (e: unknown) => setState({ error: toErrorObject(e).message, loading: false }),
            );
          }}
        >
          {state.loading ? t('loadingRecord') : t('loadRecord')}
        </button>
      )}
      {state.error && <p className="mb-2 text-red-800">{state.error}</p>}
      {ptr && <SurroundingLines cluster={cluster} ptr={ptr} />}
      <dl className="grid grid-cols-[minmax(10rem,max-content)_1fr] gap-x-4 gap-y-0.5 font-mono">
        {Object.entries(record).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="whitespace-pre-wrap break-all text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The message takes the room; a timestamp ("2026-12-07 04:00:00.000") and a pod name are never cut; other fields share the rest. */
function columnWidth(column: string): string {
  if (column === '@message' || column === 'log') return 'minmax(24rem,4fr)';
  if (column === '@timestamp' || column === '@ingestionTime') return '12rem';
  // A generated pod name ("backend-app-85c9d7f6b-x2x4q") is read whole to tell its pods apart.
  if (POD_FIELDS.includes(column)) return 'minmax(16rem,1.5fr)';
  return 'minmax(8rem,1fr)';
}

/** A cell's value; a pod's name links to the pod's page, without opening the record. */
function RecordCell({ cluster, row, column, namespace }: { cluster: string; row: ResultRow; column: string; namespace?: string }) {
  const pod = POD_FIELDS.includes(column) ? recordPod(row, namespace) : undefined;
  if (!pod) return row[column] ?? '';
  return (
    <Link href={podHref(cluster, pod.namespace, pod.name)} className="text-sky-800 hover:underline" onClick={(event) => event.stopPropagation()}>
      {row[column]}
    </Link>
  );
}

/** Query rows: sortable by any column, rendered only in view (up to 100,000 rows), each expandable to its full record (GetLogRecord). */
export function ResultsTable({
  cluster,
  rows,
  columns,
  namespace,
}: {
  cluster: string;
  rows: ResultRow[];
  columns: string[];
  /** The query's one namespace, for records that do not name theirs. */ namespace?: string;
}) {
  const t = useTranslations('LogsInsights');
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const [open, setOpen] = useState<ResultRow | null>(null);
  const sorted = useMemo(() => (sort ? sortRows(rows, sort.column, sort.descending) : rows), [rows, sort]);
  const openIndex = useMemo(() => (open ? sorted.indexOf(open) : -1), [sorted, open]);
  const scroller = useRef<HTMLDivElement>(null);
  // Opening or closing a row gives it another key, so its button is a new element: focus follows it there.
  const refocus = useRef<number | null>(null);
  // Rows have one fixed height, so a jump anywhere draws them in place at once; only the expanded
  // row is measured, under a key of its own so that collapsing it forgets its size.
  const getItemKey = useCallback((i: number) => (i === openIndex ? `open-${i}` : i), [openIndex]);
  const virtualizer = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, getItemKey, overscan: 10 });
  const template = `2rem ${columns.map(columnWidth).join(' ')}`;
  return (
    <div ref={scroller} className="max-h-[60vh] overflow-auto rounded-md border border-slate-200 bg-white text-xs" role="table" aria-label={t('results')} aria-rowcount={sorted.length + 1}>
      <div role="row" className="sticky top-0 z-10 grid border-b border-slate-200 bg-slate-50 font-semibold text-slate-600" style={{ gridTemplateColumns: template }}>
        <span role="columnheader">
          <span className="sr-only">{t('expand')}</span>
        </span>
        {columns.map((c) => (
          <button
            key={c}
            role="columnheader"
            type="button"
            aria-sort={sort?.column === c ? (sort.descending ? 'descending' : 'ascending') : undefined}
            onClick={() => setSort((s) => (s?.column === c ? { column: c, descending: !s.descending } : { column: c, descending: false }))}
            className="truncate px-2 py-1.5 text-left hover:bg-slate-100"
          >
            {c}
            {sort?.column === c ? (sort.descending ? ' ▼' : ' ▲') : ''}
          </button>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = sorted[item.index];
          const expanded = item.index === openIndex;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={expanded ? virtualizer.measureElement : undefined}
              role="row"
              className={`absolute left-0 w-full border-b border-slate-100 ${expanded ? '' : 'overflow-hidden'}`}
              style={{ transform: `translateY(${item.start}px)`, ...(expanded ? {} : { height: ROW_HEIGHT }) }}
            >
              <div className="grid cursor-pointer hover:bg-sky-50" style={{ gridTemplateColumns: template }} onClick={() => setOpen(expanded ? null : row)}>
                <span role="cell" className="flex">
                  {/* The row's keyboard door: Tab reaches it, Enter or Space opens the record; the click reaches the row's handler. */}
                  <button
                    type="button"
                    aria-expanded={expanded}
                    aria-label={expanded ? t('collapse') : t('expand')}
                    className="w-full px-2 py-1 text-left text-slate-500"
                    onClick={() => (refocus.current = item.index)}
                    ref={(button) => {
                      if (button && refocus.current === item.index) {
                        refocus.current = null;
                        button.focus();
                      }
                    }}
                  >
                    <span aria-hidden>{expanded ? '▾' : '▸'}</span>
                  </button>
                </span>
                {columns.map((c) => (
                  <span key={c} role="cell" className="truncate px-2 py-1 font-mono" title={row[c]}>
                    <RecordCell cluster={cluster} row={row} column={c} namespace={namespace} />
                  </span>
                ))}
              </div>
              {expanded && <RecordDetail cluster={cluster} row={row} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
