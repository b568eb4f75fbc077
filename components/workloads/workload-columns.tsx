import Link from 'next/link';
import type { useTranslations } from 'next-intl';
import type { WorkloadKind, WorkloadRow } from '../api/workloads';
import { workloadHref } from '../pods/links';
import type { SimpleColumn } from '../table/simple-table';
import { age, type Ago } from '../table/panel';

/** The Workloads messages, for the column builders that are plain functions. */
export type WorkloadsT = ReturnType<typeof useTranslations<'Workloads'>>;

const ageColumn = (now: number, t: WorkloadsT): SimpleColumn<WorkloadRow> => ({ header: t('age'), cell: (row) => age(row.createdAt, now), className: 'whitespace-nowrap' });
const list = (values: string[]) => values.join(',');

/** The columns `kubectl get <kind> -o wide` prints for each workload kind. */
export function workloadColumns(kind: WorkloadKind, cluster: string, now: number, showNamespace: boolean, ago: Ago, t: WorkloadsT): SimpleColumn<WorkloadRow>[] {
  const name: SimpleColumn<WorkloadRow> = {
    header: t('name'),
    cell: (row) => (
      <Link href={workloadHref(cluster, row.namespace, row.kind, row.name)} className="text-sky-800 hover:underline">
        {row.name}
      </Link>
    ),
    className: 'whitespace-nowrap',
  };
  const lead = showNamespace ? [{ header: t('namespace'), cell: (row: WorkloadRow) => row.namespace }, name] : [name];
  const containers: SimpleColumn<WorkloadRow>[] = [
    { header: t('containers'), cell: (row) => list(row.containers) },
    { header: t('images'), cell: (row) => list(row.images), className: 'break-all text-xs' },
  ];
  const selector: SimpleColumn<WorkloadRow> = { header: t('selector'), cell: (row) => row.selector, className: 'break-all text-xs' };
  const readyTone = (row: WorkloadRow) => {
    const [ready, desired] = (row.ready ?? '').split('/').map(Number);
    return desired !== undefined && !Number.isNaN(desired) && ready < desired ? 'text-amber-800 font-semibold' : '';
  };
  switch (kind) {
    case 'Deployment':
      return [
        ...lead,
        { header: t('ready'), cell: (row) => <span className={readyTone(row)}>{row.ready}</span> },
        { header: t('upToDate'), cell: (row) => row.upToDate },
        { header: t('available'), cell: (row) => row.available },
        ageColumn(now, t),
        ...containers,
        selector,
      ];
    case 'StatefulSet':
      return [...lead, { header: t('ready'), cell: (row) => <span className={readyTone(row)}>{row.ready}</span> }, ageColumn(now, t), ...containers];
    case 'DaemonSet':
      return [
        ...lead,
        { header: t('desired'), cell: (row) => row.desired },
        { header: t('current'), cell: (row) => row.current },
        { header: t('ready'), cell: (row) => row.ready },
        { header: t('upToDate'), cell: (row) => row.upToDate },
        { header: t('available'), cell: (row) => row.available },
        { header: t('nodeSelector'), cell: (row) => row.nodeSelector },
        ageColumn(now, t),
        ...containers,
        selector,
      ];
    case 'ReplicaSet':
      return [
        ...lead,
        { header: t('desired'), cell: (row) => row.desired },
        { header: t('current'), cell: (row) => row.current },
        { header: t('ready'), cell: (row) => row.ready },
        ageColumn(now, t),
        ...containers,
        selector,
      ];
    case 'Job':
      return [
        ...lead,
        {
          header: t('status'),
          cell: (row) => <span className={row.status === 'Failed' ? 'font-semibold text-red-700' : row.status === 'Complete' ? 'text-slate-600' : 'text-sky-800'}>{row.status}</span>,
        },
        { header: t('completions'), cell: (row) => row.completions },
        { header: t('duration'), cell: (row) => row.duration ?? '' },
        { header: t('failed'), cell: (row) => row.failed },
        ageColumn(now, t),
        ...containers,
        selector,
      ];
    case 'CronJob':
      return [
        ...lead,
        { header: t('schedule'), cell: (row) => row.schedule, className: 'whitespace-nowrap' },
        { header: t('timezone'), cell: (row) => row.timeZone },
        { header: t('suspend'), cell: (row) => String(row.suspend) },
        { header: t('active'), cell: (row) => row.active },
        { header: t('lastSchedule'), cell: (row) => (row.lastScheduleTime ? ago(row.lastScheduleTime, now) : t('noneValue')), className: 'whitespace-nowrap' },
        ageColumn(now, t),
        ...containers,
      ];
  }
}
