import Link from 'next/link';
import type { WorkloadsT } from './workload-columns';
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
export function pdbColumns(cluster: string, now: number, t: WorkloadsT): SimpleColumn<PdbRow>[] {
  return [
    { header: t('name'), cell: (row) => row.name, className: 'whitespace-nowrap' },
    { header: t('minAvailable'), cell: (row) => row.minAvailable },
    { header: t('maxUnavailable'), cell: (row) => row.maxUnavailable },
    { header: t('allowedDisruptions'), cell: (row) => <span className={row.allowedDisruptions === 0 ? 'font-semibold text-amber-800' : ''}>{row.allowedDisruptions}</span> },
    { header: t('healthy'), cell: (row) => <span className={row.currentHealthy < row.desiredHealthy ? 'font-semibold text-red-700' : ''}>{`${row.currentHealthy}/${row.desiredHealthy}`}</span> },
    { header: t('expectedPods'), cell: (row) => row.expectedPods },
    { header: t('age'), cell: (row) => age(row.createdAt, now), className: 'whitespace-nowrap' },
    {
      header: t('selector'),
      cell: (row) =>
        row.selector === '<none>' ? (
          row.selector
        ) : (
          <Link href={pdbPodsHref(cluster, row)} className="text-sky-800 hover:underline" title={t('podsItSelects')}>
            {row.selector}
          </Link>
        ),
      className: 'break-all text-xs',
    },
  ];
}
