'use client';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useMemo, useState } from 'react';
import type { ResourceRow, ResourceTable, TableColumn } from '@/server/k8s/table';
import { resourcePath, type ResourceId } from '../api/queries/resources';
import { NAV_ITEMS } from '../shell/nav-items';
import { CreateYamlAction } from '../editor/yaml-actions';
import { ConnectionIndicator } from '../pods/connection-indicator';
import { LabelSelectorInput } from '../pods/label-selector-input';
import { useLiveRows } from '../pods/live-pods';
import { flagParam, textParam, urlViewCodec, useUrlView } from '../table/url-view';
import { VirtualTable } from '../table/virtual-table';
import { ErrorView, forbiddenPermission } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { cellText, compareCells, isAgeColumn } from './cells';
import { FieldSelectorInput } from './field-selector-input';
import { dedicatedListPage, resourceListHref, resourceObjectHref } from './links';
import { OmittedNote } from '../ui/omitted-note';

type Line = Omit<ResourceTable, 'continue'>;

interface View {
  namespace: string;
  allNamespaces: boolean;
  labelSelector: string;
  fieldSelector: string;
  name: string;
  sort: string;
  descending: boolean;
  wide: boolean;
}

const { read: readView, write: viewQuery } = urlViewCodec<View>({
  namespace: textParam('namespace', ''),
  allNamespaces: flagParam('allNamespaces'),
  labelSelector: textParam('labelSelector', ''),
  fieldSelector: textParam('fieldSelector', ''),
  name: textParam('name', ''),
  sort: textParam('sort', 'c0'),
  descending: flagParam('desc'),
  wide: flagParam('wide'),
});

function query(parts: Record<string, string>): string {
  const params = new URLSearchParams(Object.entries(parts).filter(([, v]) => v !== ''));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const rowUid = (row: ResourceRow) => row.uid;
const lineRows = (line: Line) => line.rows;

/** The sort of one column: `c<index>` of the API server's columns, or `namespace`. */
function sorter(sort: string, columns: TableColumn[]): (a: ResourceRow, b: ResourceRow) => number {
  if (sort === 'namespace') return (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
  const index = Number(sort.slice(1));
  const column = columns[index];
  // Oldest first when ascending, as the age grows.
  if (column && isAgeColumn(column)) return (a, b) => b.creationTimestamp.localeCompare(a.creationTimestamp);
  return (a, b) => compareCells(a.cells[index] ?? null, b.cells[index] ?? null) || a.name.localeCompare(b.name);
}

export function ResourceListPage({ cluster, id, kind, namespaced }: { cluster: string; id: ResourceId; kind: string; namespaced: boolean }) {
  const { view, setView } = useUrlView(readView, viewQuery);
  const t = useTranslations('Resources');
  const nav = useTranslations('Nav');
  const [name, setName] = useState(view.name);

  const everywhere = !namespaced || view.allNamespaces;
  const filter = { namespace: everywhere ? '' : view.namespace, labelSelector: view.labelSelector, fieldSelector: view.fieldSelector };
  const base = resourcePath(cluster, id);
  const list = useLiveRows<ResourceRow, Line>(base + query(filter), (resourceVersion) => base + query({ ...filter, resourceVersion }), lineRows, everywhere || view.namespace !== '');
  const columns = useMemo(() => list.page?.columns ?? [], [list.page]);

  const rows = useMemo(() => {
    const needle = name.trim().toLowerCase();
    const all = [...list.rows.values()].filter((row) => !needle || row.name.toLowerCase().includes(needle));
    const order = sorter(view.sort, columns);
    all.sort(view.descending ? (a, b) => order(b, a) : order);
    return all;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `list.version` is how the live rows say they changed in place
  }, [list.rows, list.version, name, view.sort, view.descending, columns]);

  const tableColumns = useMemo<ColumnDef<ResourceRow, unknown>[]>(() => {
    const shown: ColumnDef<ResourceRow, unknown>[] = [];
    if (namespaced && everywhere) shown.push({ id: 'namespace', header: t('namespace'), accessorFn: (row) => row.namespace, size: 140 });
    columns.forEach((column, index) => {
      if (column.priority > 0 && !view.wide) return;
      shown.push({
        id: `c${index}`,
        header: () => <span title={column.description}>{column.name}</span>,
        accessorFn: (row) => cellText(row.cells[index] ?? null),
        size: column.format === 'name' ? 240 : 130,
        cell:
          column.format === 'name'
            ? ({ row }) => (
                <Link href={resourceObjectHref(cluster, id, row.original.namespace, row.original.name)} className="text-sky-800 hover:underline">
                  {cellText(row.original.cells[index] ?? null)}
                </Link>
              )
            : ({ getValue }) => getValue() as string,
      });
    });
    return shown;
  }, [columns, namespaced, everywhere, view.wide, cluster, id, t]);

  const tableSort = useMemo(() => ({ id: view.sort, descending: view.descending }), [view.sort, view.descending]);
  const onSort = useCallback((sort: string) => setView((current) => (sort === current.sort ? { descending: !current.descending } : { sort, descending: false })), [setView]);
  const rejected = list.error?.kind === 'Status' && list.error.status?.code === 400 ? list.error.message : list.error?.kind === 'BadRequest' ? list.error.message : undefined;
  const labelRejected = rejected && /label/i.test(rejected) ? rejected : undefined;
  const fieldRejected = rejected && !labelRejected ? rejected : undefined;
  const dedicated = dedicatedListPage(id);
  const dedicatedItem = NAV_ITEMS.find((item) => item.page === dedicated);
  const hasWide = columns.some((c) => c.priority > 0);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">{kind}</h1>
        <span className="font-mono text-sm text-slate-600">
          {id.group === 'core' ? '' : `${id.group}/`}
          {id.version} {id.resource} · {!namespaced ? t('clusterScope') : everywhere ? t('allNamespacesScope') : view.namespace}
        </span>
        {dedicated && (
          <Link href={resourceListHref(cluster, id, view.namespace || undefined)} className="text-sm text-sky-800 hover:underline">
            {t('openDedicated', { page: dedicatedItem ? nav(dedicatedItem.label) : dedicated })}
          </Link>
        )}
        <CreateYamlAction cluster={cluster} id={id} kind={kind} namespace={namespaced && !everywhere ? view.namespace : undefined} />
        <span className="ml-auto flex items-center gap-3 text-xs text-slate-600">
          {list.loaded && !(list.error && !list.complete) && (
            <span data-testid="row-count" className="tabular-nums">
              {rows.length === list.rows.size ? t('objectCount', { count: rows.length }) : t('objectCountOf', { shown: rows.length, total: list.rows.size })}
              {!list.complete && t('loadingSuffix')}
            </span>
          )}
          <ConnectionIndicator connection={list.connection} error={list.error} nextTryAt={list.nextTryAt} />
        </span>
      </div>

      <div className="flex flex-wrap items-start gap-3 rounded-md border border-slate-200 bg-white p-3">
        {namespaced && (
          <label className="flex items-center gap-1.5 pt-5 text-sm text-slate-800">
            <input type="checkbox" checked={view.allNamespaces} onChange={(event) => setView({ allNamespaces: event.target.checked })} />
            {t('allNamespaces')}
          </label>
        )}
        <LabelSelectorInput value={view.labelSelector} onApply={(labelSelector) => setView({ labelSelector })} serverError={labelRejected} />
        <FieldSelectorInput value={view.fieldSelector} onApply={(fieldSelector) => setView({ fieldSelector })} serverError={fieldRejected} />
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t('nameContains')}
          <input
            className="h-8 w-40 rounded border border-slate-300 bg-white px-2 font-mono text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600"
            value={name}
            spellCheck={false}
            onChange={(event) => setName(event.target.value)}
            onBlur={() => setView({ name })}
          />
        </label>
        {hasWide && (
          <label className="flex items-center gap-1.5 pt-5 text-sm text-slate-800">
            <input type="checkbox" checked={view.wide} onChange={(event) => setView({ wide: event.target.checked })} />
            {t('wide')}
          </label>
        )}
      </div>

      <OmittedNote omitted={list.omitted} title={t('omitted', { resource: id.resource })} />
      {/* Listed, but the watch that keeps the rows current was refused: its panel says what to grant. */}
      {list.complete && list.error && forbiddenPermission(list.error) && <ErrorView error={list.error} />}

      {namespaced && !everywhere && !view.namespace ? (
        <Skeleton className="h-64 w-full" label={t('waitingNamespace')} />
      ) : list.error && !list.complete ? (
        rejected ? null : (
          <ErrorView error={list.error} nextTryAt={list.nextTryAt} onRetry={list.retry} />
        )
      ) : !list.loaded ? (
        <Skeleton className="h-64 w-full" label={t('loadingResource', { resource: id.resource })} />
      ) : rows.length === 0 && list.complete ? (
        <p role="status" className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
          {t('noneMatch', { resource: id.resource })}
        </p>
      ) : (
        <VirtualTable label={kind} rows={rows} version={list.version} columns={tableColumns} getRowId={rowUid} sort={tableSort} onSort={onSort} />
      )}
    </div>
  );
}
