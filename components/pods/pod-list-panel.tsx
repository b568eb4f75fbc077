'use client';
import { useMemo } from 'react';
import { useLivePods } from './live-pods';
import { useNow } from '../table/use-now';
import { VirtualTable } from '../table/virtual-table';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { ConnectionIndicator } from './connection-indicator';
import { podColumns } from './pod-columns';
import { sortRows } from './pod-rows';

/** The live pods of a node or a workload: the pods list narrowed by a field or label selector. */
export function PodListPanel({ cluster, namespace, labelSelector = '', fieldSelector = '', title = 'Pods' }: { cluster: string; namespace: string; labelSelector?: string; fieldSelector?: string; title?: string }) {
  const pods = useLivePods(cluster, { namespace, labelSelector, fieldSelector });
  const now = useNow(5000);
  const rows = useMemo(() => sortRows(pods.rows.values(), 'name', false), [pods.rows, pods.version]);
  const columns = useMemo(() => podColumns({ cluster, allNamespaces: namespace === '', showLabels: false, now }), [cluster, namespace, now]);
  return (
    <section aria-label={title} className="space-y-2">
      <div className="flex items-center gap-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{title}</h2>
        {pods.loaded && !pods.error && <span className="text-xs tabular-nums text-slate-600">{rows.length}</span>}
        <span className="ml-auto">
          <ConnectionIndicator connection={pods.connection} />
        </span>
      </div>
      {pods.error ? (
        <ErrorView error={pods.error} compact />
      ) : !pods.loaded ? (
        <Skeleton className="h-24 w-full" label={`Loading ${title}`} />
      ) : rows.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-3 text-sm text-slate-600">No pods.</p>
      ) : (
        <VirtualTable label={title} rows={rows} columns={columns} getRowId={(row) => row.uid} maxHeight="24rem" />
      )}
    </section>
  );
}
