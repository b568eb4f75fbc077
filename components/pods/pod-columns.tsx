import Link from 'next/link';
import { createColumnHelper } from '@tanstack/react-table';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { PodRow } from '../api/pod-types';
import { age } from '../table/panel';
import { severityClasses } from '../ui/severity';
import { podHref, nodeHref } from './links';
import { restartsText } from './pod-rows';

const column = createColumnHelper<PodRow>();

export function PodStatus({ row }: { row: Pick<PodRow, 'status' | 'severity'> }) {
  const severity = row.severity;
  return (
    <span data-severity={severity} className={`inline-flex items-center gap-1.5 rounded px-1.5 text-xs font-medium ring-1 ring-inset ${severityClasses[severity].badge}`}>
      <span aria-hidden className={`size-1.5 rounded-full ${severityClasses[severity].dot}`} />
      {row.status}
    </span>
  );
}

function labelsText(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

interface PodColumnsOptions {
  cluster: string;
  allNamespaces: boolean;
  showLabels: boolean;
  now: number;
}

/** kubectl's pod columns (-o wide), with NAMESPACE for the all-namespaces view and LABELS on demand, headed in the page's language. */
export function usePodColumns({ cluster, allNamespaces, showLabels, now }: PodColumnsOptions) {
  const t = useTranslations('PodColumns');
  const time = useTranslations('Time');
  const none = useTranslations('Common')('none');
  return useMemo(() => {
    const withAge = (count: number, age: string) => time('restarts', { count, age });
    return podColumns({ cluster, allNamespaces, showLabels, now }, t, withAge, none);
  }, [cluster, allNamespaces, showLabels, now, t, time, none]);
}

function podColumns(options: PodColumnsOptions, t: ReturnType<typeof useTranslations<'PodColumns'>>, withAge: (count: number, age: string) => string, none: string) {
  const { cluster, now } = options;
  return [
    column.accessor('name', {
      header: t('name'),
      size: 300,
      cell: (info) => (
        // No prefetch: each row scrolled or filtered into view would otherwise fetch its page's route.
        <Link href={podHref(cluster, info.row.original.namespace, info.getValue())} prefetch={false} className="text-sky-800 hover:underline">
          {info.getValue()}
        </Link>
      ),
    }),
    ...(options.allNamespaces ? [column.accessor('namespace', { header: t('namespace'), size: 150 })] : []),
    column.accessor('ready', { header: t('ready'), size: 70 }),
    column.accessor('status', { header: t('status'), size: 170, cell: (info) => <PodStatus row={info.row.original} /> }),
    column.accessor('restarts', { header: t('restarts'), size: 130, cell: (info) => restartsText(info.row.original, now, withAge) }),
    column.accessor('createdAt', { id: 'age', header: t('age'), size: 70, cell: (info) => age(info.getValue(), now) }),
    column.accessor('podIP', { id: 'ip', header: t('ip'), size: 130, cell: (info) => info.getValue() ?? none }),
    column.accessor('node', {
      header: t('node'),
      size: 240,
      cell: (info) => {
        const node = info.getValue();
        return node ? (
          <Link href={nodeHref(cluster, node)} prefetch={false} className="text-sky-800 hover:underline">
            {node}
          </Link>
        ) : (
          none
        );
      },
    }),
    ...(options.showLabels
      ? [
          column.accessor((row) => labelsText(row.labels), {
            id: 'labels',
            header: t('labels'),
            size: 360,
            enableSorting: false,
            cell: (info) => <span title={info.getValue()}>{info.getValue()}</span>,
          }),
        ]
      : []),
  ];
}
