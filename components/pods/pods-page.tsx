'use client';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AddToDashboard } from '@/components/dashboards/add-to-dashboard';
import { useLivePods } from './live-pods';
import { useNow } from '../table/use-now';
import { useUrlView } from '../table/url-view';
import { VirtualTable } from '../table/virtual-table';
import { ErrorView, forbiddenPermission } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { ConnectionIndicator } from './connection-indicator';
import { LabelSelectorInput } from './label-selector-input';
import { usePodColumns } from './pod-columns';
import { SortedPods } from './sorted-pods';
import { PHASES, podFieldSelector, podsViewQuery, readPodsView, type PodColumn } from './view';
import { OmittedNote } from '../ui/omitted-note';

const control = 'h-8 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600';

const NAME_TO_URL_MS = 300;

const podUid = (row: { uid: string }) => row.uid;

export function PodsPage({ cluster }: { cluster: string }) {
  const { view, setView } = useUrlView(readPodsView, podsViewQuery);
  const [name, setName] = useState(view.name);
  // A name filter from the address (back, a link) replaces what was typed, in the same render.
  const [addressName, setAddressName] = useState(view.name);
  if (addressName !== view.name) {
    setAddressName(view.name);
    setName(view.name);
  }
  // The URL follows the name filter once typing pauses: each URL change re-renders the whole layout, too much per keystroke.
  useEffect(() => {
    if (name === view.name) return;
    const timer = setTimeout(() => setView({ name }), NAME_TO_URL_MS);
    return () => clearTimeout(timer);
  }, [name, view.name, setView]);

  const pods = useLivePods(
    cluster,
    {
      namespace: view.allNamespaces ? '' : view.namespace,
      labelSelector: view.labelSelector,
      fieldSelector: podFieldSelector(view),
    },
    view.allNamespaces || view.namespace !== '',
  );
  const now = useNow(5000);
  const t = useTranslations('Pods');

  // One sorted array, patched per batch of changes rather than sorted again; `version` says when it changed.
  const [sorted] = useState(() => new SortedPods(view.sort, view.descending));
  const version = useMemo(() => {
    const { all, uids } = pods.changes.take();
    if (all) sorted.reset(pods.rows.values(), view.sort, view.descending);
    else {
      sorted.setOrder(view.sort, view.descending);
      sorted.apply(pods.rows, uids);
    }
    return `${pods.version}:${view.sort}:${view.descending}`;
  }, [sorted, pods.changes, pods.rows, pods.version, view.sort, view.descending]);
  // Filtered at once on each keystroke: a longer needle narrows the last result (SortedPods.filter), so it stays cheap.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is how the sorted rows say they changed in place
  const shown = useMemo(() => sorted.filter({ name, problemsOnly: view.problemsOnly }), [sorted, version, name, view.problemsOnly]);
  const total = sorted.rows.length;
  // Suggestions only: a datalist of thousands of nodes would cost more to render than it helps; they are gathered once per listing, not per watch event.
  const nodes = useMemo(() => {
    if (!pods.complete) return [];
    const names = new Set<string>();
    for (const row of pods.rows.values()) if (row.node) names.add(row.node);
    return [...names].sort().slice(0, 200);
  }, [pods.rows, pods.complete]);
  const columns = usePodColumns({ cluster, allNamespaces: view.allNamespaces, showLabels: view.showLabels, now });

  // Stable props, so a keystroke that leaves the rows as they were does not render the table again.
  const tableSort = useMemo(() => ({ id: view.sort, descending: view.descending }), [view.sort, view.descending]);
  const onSort = useCallback((id: string) => setView((current) => (id === current.sort ? { descending: !current.descending } : { sort: id as PodColumn, descending: false })), [setView]);

  const selectorRejected = pods.error?.kind === 'Status' && pods.error.status?.code === 400 && view.labelSelector !== '';
  const problems = sorted.problems;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="font-mono text-sm text-slate-600">
          {cluster} / {view.allNamespaces ? t('allNamespacesScope') : view.namespace}
        </span>
        <span className="ml-auto flex min-w-0 flex-wrap items-center justify-end gap-x-3 gap-y-1 text-xs text-slate-600">
          {pods.loaded && !(pods.error && !pods.complete) && (
            <span data-testid="pod-count" className="tabular-nums">
              {shown.length === total ? t('count', { total }) : t('countOf', { shown: shown.length, total })}
              {!pods.complete && t('loadingSuffix')}
              {problems > 0 && t('problemsSuffix', { problems })}
            </span>
          )}
          <ConnectionIndicator connection={pods.connection} error={pods.error} nextTryAt={pods.nextTryAt} />
          {!view.allNamespaces && view.namespace && (
            <AddToDashboard
              cluster={cluster}
              widget={{
                type: 'pod-states',
                title: (view.labelSelector ? `${view.namespace}: ${view.labelSelector}` : view.namespace).slice(0, 256),
                namespace: view.namespace,
                labelSelector: view.labelSelector,
              }}
            />
          )}
        </span>
      </div>

      <div className="flex flex-wrap items-start gap-3 rounded-md border border-slate-200 bg-white p-3">
        <fieldset className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          <legend className="mb-1">{t('scope')}</legend>
          <label className="flex items-center gap-1.5 text-sm font-normal text-slate-800">
            <input type="checkbox" checked={view.allNamespaces} onChange={(event) => setView({ allNamespaces: event.target.checked })} />
            {t('allNamespaces')}
          </label>
        </fieldset>
        <LabelSelectorInput value={view.labelSelector} onApply={(labelSelector) => setView({ labelSelector })} serverError={selectorRejected ? pods.error?.message : undefined} />
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t('phase')}
          <select className={control} value={view.phase} onChange={(event) => setView({ phase: event.target.value })}>
            <option value="">{t('any')}</option>
            {PHASES.map((phase) => (
              <option key={phase}>{phase}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t('node')}
          <input
            className={`${control} w-44 font-mono`}
            list="pod-nodes"
            defaultValue={view.node}
            key={view.node}
            placeholder={t('any')}
            onKeyDown={(event) => event.key === 'Enter' && setView({ node: event.currentTarget.value.trim() })}
            onBlur={(event) => event.target.value.trim() !== view.node && setView({ node: event.target.value.trim() })}
          />
          <datalist id="pod-nodes">
            {nodes.map((node) => (
              <option key={node} value={node} />
            ))}
          </datalist>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t('nameContains')}
          <input className={`${control} w-40 font-mono`} value={name} spellCheck={false} onChange={(event) => setName(event.target.value)} />
        </label>
        <div className="flex flex-col gap-1 pt-5">
          <label className="flex items-center gap-1.5 text-sm text-slate-800">
            <input type="checkbox" checked={view.problemsOnly} onChange={(event) => setView({ problemsOnly: event.target.checked })} />
            {t('problemsOnly')}
          </label>
          <label className="flex items-center gap-1.5 text-sm text-slate-800">
            <input type="checkbox" checked={view.showLabels} onChange={(event) => setView({ showLabels: event.target.checked })} />
            {t('showLabels')}
          </label>
        </div>
      </div>

      <OmittedNote omitted={pods.omitted} title={t('omitted')} />
      {/* Listed, but the watch that keeps the rows current was refused: its panel says what to grant. */}
      {pods.complete && pods.error && forbiddenPermission(pods.error) && <ErrorView error={pods.error} />}

      {!view.allNamespaces && !view.namespace ? (
        <Skeleton className="h-64 w-full" label={t('waitingNamespace')} />
      ) : pods.error && !pods.complete ? (
        // Only a listing that never completed gives way to the error: rows already listed stay, marked by the indicator.
        selectorRejected ? null : (
          <ErrorView error={pods.error} nextTryAt={pods.nextTryAt} onRetry={pods.retry} />
        )
      ) : !pods.loaded ? (
        <Skeleton className="h-64 w-full" label={t('loading')} />
      ) : shown.length === 0 && pods.complete ? (
        <p role="status" className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
          {t(total === 0 ? 'noneMatch' : 'noneMatchFilters')}
        </p>
      ) : (
        <VirtualTable label={t('table')} rows={shown} version={version} columns={columns} getRowId={podUid} sort={tableSort} onSort={onSort} />
      )}
    </div>
  );
}
