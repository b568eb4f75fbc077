import Link from 'next/link';
import type { PdbRow } from '@/server/k8s/workloads';
import { podsViewQuery, readPodsView } from '../pods/view';
import type { SimpleColumn } from '../table/simple-table';
import { age } from '../table/panel';

/** The pods page filtered to a PodDisruptionBudget's selector, in its namespace. */
export function pdbPodsHref(cluster: string, row: PdbRow): string {
  const query = podsViewQuery({ ...readPodsView(new URLSearchParams()), namespace: row.namespace, labelSelector: row.selector });
  return `/c/${encodeURIComponent(cluster)}/pods?${query}`;
}

/** The columns of `kubectl get pdb`, the status's health counts, and the selector linking to the pods it covers. */
export function pdbColumns(cluster: string, now: number): SimpleColumn<PdbRow>[] {
  return [
    { header: 'Name', cell: (row) => row.name, className: 'whitespace-nowrap' },
    { header: 'Min available', cell: (row) => row.minAvailable },
    { header: 'Max unavailable', cell: (row) => row.maxUnavailable },
    { header: 'Allowed disruptions', cell: (row) => <span className={row.allowedDisruptions === 0 ? 'font-semibold text-amber-800' : ''}>{row.allowedDisruptions}</span> },
    { header: 'Healthy', cell: (row) => <span className={row.currentHealthy < row.desiredHealthy ? 'font-semibold text-red-700' : ''}>{`${row.currentHealthy}/${row.desiredHealthy}`}</span> },
    { header: 'Expected pods', cell: (row) => row.expectedPods },
    { header: 'Age', cell: (row) => age(row.createdAt, now), className: 'whitespace-nowrap' },
    {
      header: 'Selector',
      cell: (row) =>
        row.selector === '<none>' ? (
          row.selector
        ) : (
          <Link href={pdbPodsHref(cluster, row)} className="text-sky-800 hover:underline" title="Pods it selects">
            {row.selector}
          </Link>
        ),
      className: 'break-all text-xs',
    },
  ];
}
