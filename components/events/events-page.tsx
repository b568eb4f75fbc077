'use client';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import type { EventList } from '@/server/api/events';
import type { ClusterEventRow } from '@/server/k8s/events';
import { clusterPath } from '../api/keys';
import { resourcesQuery } from '../api/queries/resources';
import { ConnectionIndicator } from '../pods/connection-indicator';
import { useLiveRows } from '../pods/live-pods';
import { age } from '../table/panel';
import { useNow } from '../table/use-now';
import { useUrlView } from '../table/url-view';
import { VirtualTable } from '../table/virtual-table';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { ObjectRefLink } from './object-ref-link';
import { OmittedNote } from '../ui/omitted-note';

type Line = Omit<EventList, 'rows'> & { rows: ClusterEventRow[] };

interface View {
  namespace: string;
  allNamespaces: boolean;
  type: string;
  reason: string;
  kind: string;
  name: string;
}

const FILTERS = ['type', 'reason', 'kind', 'name'] as const;

function readView(params: URLSearchParams): View {
  return {
    namespace: params.get('namespace') ?? '',
    allNamespaces: params.get('allNamespaces') === 'true',
    type: params.get('type') ?? '',
    reason: params.get('reason') ?? '',
    kind: params.get('kind') ?? '',
    name: params.get('name') ?? '',
  };
}

function viewQuery(view: View): string {
  const params = new URLSearchParams();
  if (view.namespace) params.set('namespace', view.namespace);
  if (view.allNamespaces) params.set('allNamespaces', 'true');
  for (const key of FILTERS) if (view[key]) params.set(key, view[key]);
  return params.toString();
}

function query(parts: Record<string, string>): string {
  const text = new URLSearchParams(Object.entries(parts).filter(([, v]) => v !== '')).toString();
  return text ? `?${text}` : '';
}

const rowUid = (row: ClusterEventRow) => row.uid;
const lineRows = (line: Line) => line.rows;
const newestFirst = (a: ClusterEventRow, b: ClusterEventRow) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '') || a.uid.localeCompare(b.uid);

function FilterInput({ label, value, placeholder, onApply, pageFilter }: { label: string; value: string; placeholder: string; onApply: (value: string) => void; pageFilter?: boolean }) {
  const [text, setText] = useState(value);
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <input
        className="h-8 w-40 rounded border border-slate-300 bg-white px-2 font-mono text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600"
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        data-page-filter={pageFilter || undefined}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => onApply(text.trim())}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onApply(text.trim());
        }}
      />
    </label>
  );
}

/** Every Event of the namespace or the cluster, as `kubectl events` lists them, newest first, kept live by a watch. */
export function EventsPage({ cluster }: { cluster: string }) {
  const { view, setView } = useUrlView(readView, viewQuery);
  const t = useTranslations('EventsPage');
  const now = useNow();
  const everywhere = view.allNamespaces;
  const filter = { namespace: everywhere ? '' : view.namespace, type: view.type, reason: view.reason, kind: view.kind, name: view.name };
  const base = clusterPath(cluster, 'events');
  const list = useLiveRows<ClusterEventRow, Line>(base + query(filter), (resourceVersion) => base + query({ ...filter, resourceVersion }), lineRows, everywhere || view.namespace !== '');
  const resources = useQuery(resourcesQuery(cluster, view.namespace));
  const served = resources.data?.resources;

  const rows = useMemo(
    () => [...list.rows.values()].sort(newestFirst),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `list.version` is how the live rows say they changed in place
    [list.rows, list.version],
  );

  const columns = useMemo<ColumnDef<ClusterEventRow, unknown>[]>(() => {
    const shown: ColumnDef<ClusterEventRow, unknown>[] = [];
    if (everywhere) shown.push({ id: 'namespace', header: t('namespace'), accessorFn: (row) => row.namespace, size: 130 });
    shown.push(
      {
        id: 'lastSeen',
        header: t('lastSeen'),
        size: 90,
        cell: ({ row }) => (
          <time dateTime={row.original.lastSeen} title={row.original.lastSeen ? new Date(row.original.lastSeen).toISOString() : undefined} className="tabular-nums">
            {age(row.original.lastSeen, now)}
          </time>
        ),
      },
      {
        id: 'type',
        header: t('type'),
        size: 80,
        cell: ({ row }) => <span className={row.original.type === 'Warning' ? 'font-semibold text-amber-800' : ''}>{row.original.type}</span>,
      },
      { id: 'reason', header: t('reason'), accessorFn: (row) => row.reason, size: 170 },
      {
        id: 'object',
        header: t('object'),
        size: 260,
        cell: ({ row }) => <ObjectRefLink cluster={cluster} served={served} object={row.original.object} />,
      },
      { id: 'message', header: t('message'), accessorFn: (row) => row.message, size: 420, cell: ({ row }) => <span title={row.original.message}>{row.original.message}</span> },
      { id: 'count', header: t('count'), accessorFn: (row) => row.count, size: 60 },
      { id: 'source', header: t('source'), accessorFn: (row) => row.source, size: 150 },
    );
    return shown;
  }, [everywhere, now, served, cluster, t]);

  const rejected = list.error?.kind === 'BadRequest' || (list.error?.kind === 'Status' && list.error.status?.code === 400);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="font-mono text-sm text-slate-600">{everywhere ? t('allNamespacesScope') : view.namespace}</span>
        {list.page?.api && <span className="text-xs text-slate-500">{t('readFrom', { api: list.page.api === 'v1' ? 'core v1' : list.page.api })}</span>}
        <span className="ml-auto flex items-center gap-3 text-xs text-slate-600">
          {list.loaded && !list.error && (
            <span data-testid="row-count" className="tabular-nums">
              {t('eventCount', { count: rows.length })}
            </span>
          )}
          <ConnectionIndicator connection={list.connection} error={list.error} nextTryAt={list.nextTryAt} />
        </span>
      </div>

      <div className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3">
        <label className="flex items-center gap-1.5 pb-1.5 text-sm text-slate-800">
          <input type="checkbox" checked={view.allNamespaces} onChange={(event) => setView({ allNamespaces: event.target.checked })} />
          {t('allNamespaces')}
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t('type')}
          <select className="h-8 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900" value={view.type} onChange={(event) => setView({ type: event.target.value })}>
            <option value="">{t('any')}</option>
            <option value="Normal">Normal</option>
            <option value="Warning">Warning</option>
          </select>
        </label>
        <FilterInput key={`reason-${view.reason}`} label={t('reason')} placeholder="BackOff" value={view.reason} onApply={(reason) => setView({ reason })} />
        <FilterInput key={`kind-${view.kind}`} label={t('objectKind')} placeholder="Pod" value={view.kind} onApply={(kind) => setView({ kind })} />
        <FilterInput key={`name-${view.name}`} label={t('objectName')} placeholder="backend-app" value={view.name} onApply={(name) => setView({ name })} pageFilter />
      </div>

      <OmittedNote omitted={list.omitted} title={t('omitted')} />

      {!everywhere && !view.namespace ? (
        <Skeleton className="h-64 w-full" label={t('waitingNamespace')} />
      ) : list.error && !list.complete ? (
        <ErrorView error={list.error} nextTryAt={rejected ? undefined : list.nextTryAt} onRetry={rejected ? undefined : list.retry} />
      ) : !list.complete ? (
        // Every page first: sorted newest first, a later page's rows land between the shown ones and push them down.
        <Skeleton className="h-64 w-full" label={t('loading')} />
      ) : rows.length === 0 ? (
        <p role="status" className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
          {t('noneMatch')}
        </p>
      ) : (
        <VirtualTable label={t('title')} rows={rows} version={`${list.version}-${now}`} columns={columns} getRowId={rowUid} rowClassName={(row) => (row.type === 'Warning' ? 'bg-amber-50' : '')} />
      )}
    </div>
  );
}
