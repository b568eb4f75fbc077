import Link from 'next/link';
import type { WorkloadKind, WorkloadRow } from '../api/workloads';
import { workloadHref } from '../pods/links';
import type { SimpleColumn } from '../table/simple-table';
import { age, type Ago } from '../table/panel';

const ageColumn = (now: number): SimpleColumn<WorkloadRow> => ({ header: 'Age', cell: (row) => age(row.createdAt, now), className: 'whitespace-nowrap' });
const list = (values: string[]) => values.join(',');

/** The columns `kubectl get <kind> -o wide` prints for each workload kind. */
export function workloadColumns(kind: WorkloadKind, cluster: string, now: number, showNamespace: boolean, ago: Ago): SimpleColumn<WorkloadRow>[] {
  const name: SimpleColumn<WorkloadRow> = {
    header: 'Name',
    cell: (row) => (
      <Link href={workloadHref(cluster, row.namespace, row.kind, row.name)} className="text-sky-800 hover:underline">
        {row.name}
      </Link>
    ),
    className: 'whitespace-nowrap',
  };
  const lead = showNamespace ? [{ header: 'Namespace', cell: (row: WorkloadRow) => row.namespace }, name] : [name];
  const containers: SimpleColumn<WorkloadRow>[] = [
    { header: 'Containers', cell: (row) => list(row.containers) },
    { header: 'Images', cell: (row) => list(row.images), className: 'break-all text-xs' },
  ];
  const selector: SimpleColumn<WorkloadRow> = { header: 'Selector', cell: (row) => row.selector, className: 'break-all text-xs' };
  const readyTone = (row: WorkloadRow) => {
    const [ready, desired] = (row.ready ?? '').split('/').map(Number);
    return desired !== undefined && !Number.isNaN(desired) && ready < desired ? 'text-amber-800 font-semibold' : '';
  };
  switch (kind) {
    case 'Deployment':
      return [
        ...lead,
        { header: 'Ready', cell: (row) => <span className={readyTone(row)}>{row.ready}</span> },
        { header: 'Up-to-date', cell: (row) => row.upToDate },
        { header: 'Available', cell: (row) => row.available },
        ageColumn(now),
        ...containers,
        selector,
      ];
    case 'StatefulSet':
      return [...lead, { header: 'Ready', cell: (row) => <span className={readyTone(row)}>{row.ready}</span> }, ageColumn(now), ...containers];
    case 'DaemonSet':
      return [
        ...lead,
        { header: 'Desired', cell: (row) => row.desired },
        { header: 'Current', cell: (row) => row.current },
        { header: 'Ready', cell: (row) => row.ready },
        { header: 'Up-to-date', cell: (row) => row.upToDate },
        { header: 'Available', cell: (row) => row.available },
        { header: 'Node selector', cell: (row) => row.nodeSelector },
        ageColumn(now),
        ...containers,
        selector,
      ];
    case 'ReplicaSet':
      return [
        ...lead,
        { header: 'Desired', cell: (row) => row.desired },
        { header: 'Current', cell: (row) => row.current },
        { header: 'Ready', cell: (row) => row.ready },
        ageColumn(now),
        ...containers,
        selector,
      ];
    case 'Job':
      return [
        ...lead,
        {
          header: 'Status',
          cell: (row) => <span className={row.status === 'Failed' ? 'font-semibold text-red-700' : row.status === 'Complete' ? 'text-slate-600' : 'text-sky-800'}>{row.status}</span>,
        },
        { header: 'Completions', cell: (row) => row.completions },
        { header: 'Duration', cell: (row) => row.duration ?? '' },
        { header: 'Failed', cell: (row) => row.failed },
        ageColumn(now),
        ...containers,
        selector,
      ];
    case 'CronJob':
      return [
        ...lead,
        { header: 'Schedule', cell: (row) => row.schedule, className: 'whitespace-nowrap' },
        { header: 'Timezone', cell: (row) => row.timeZone },
        { header: 'Suspend', cell: (row) => String(row.suspend) },
        { header: 'Active', cell: (row) => row.active },
        { header: 'Last schedule', cell: (row) => (row.lastScheduleTime ? ago(row.lastScheduleTime, now) : '<none>'), className: 'whitespace-nowrap' },
        ageColumn(now),
        ...containers,
      ];
  }
}
