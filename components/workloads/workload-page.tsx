'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { ActionBar } from '../actions/action-bar';
import { useWorkload, type WorkloadRow } from '../api/workloads';
import { EditYamlAction } from '../editor/yaml-actions';
import { logsInsightsHref } from '../logs-insights/links';
import { SelectorLogs } from '../logs/selector-logs';
import { EventsPanel } from '../pods/events-table';
import { usePodColumns } from '../pods/pod-columns';
import { sortRows } from '../pods/pod-rows';
import { useAgo, type Ago, ConditionsTable, Facts, KeyValues, Panel } from '../table/panel';
import { SimpleTable } from '../table/simple-table';
import { TabList, useTab } from '../table/tabs';
import { useNow } from '../table/use-now';
import { VirtualTable } from '../table/virtual-table';
import { YamlView } from '../table/yaml-view';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { ControllerRevisionsPanel } from './controller-revisions';
import { WorkloadHpaPanel } from './workload-hpa';
import { workloadColumns, type WorkloadsT } from './workload-columns';

const TABS = ['Overview', 'Logs', 'YAML'] as const;

function summary(row: WorkloadRow, now: number, ago: Ago, t: WorkloadsT): [string, React.ReactNode][] {
  const facts: [Parameters<WorkloadsT>[0], React.ReactNode][] = [
    ['ready', row.ready],
    ['desired', row.desired],
    ['current', row.current],
    ['upToDate', row.upToDate],
    ['available', row.available],
    ['strategy', row.strategy],
    ['status', row.status],
    ['completions', row.completions],
    ['duration', row.duration],
    ['failed', row.failed],
    ['schedule', row.schedule],
    ['timezone', row.timeZone],
    ['suspended', row.suspend === undefined ? undefined : String(row.suspend)],
    ['active', row.active],
    ['lastSchedule', row.lastScheduleTime ? ago(row.lastScheduleTime, now) : row.kind === 'CronJob' ? t('noneValue') : undefined],
    ['selector', row.selector],
    ['nodeSelector', row.nodeSelector],
    ['images', row.images.join(', ')],
    ['created', ago(row.createdAt, now)],
  ];
  return facts.filter(([, value]) => value !== undefined && value !== '').map(([term, value]) => [t(term), value]);
}

/** The API group of each workload plural the page shows. */
const WORKLOAD_GROUPS: Record<string, string> = { deployments: 'apps', statefulsets: 'apps', daemonsets: 'apps', replicasets: 'apps', jobs: 'batch', cronjobs: 'batch' };

export function WorkloadPage({ cluster, namespace, plural, name }: { cluster: string; namespace: string; plural: string; name: string }) {
  const ago = useAgo();
  const t = useTranslations('Workloads');
  const tabName = useTranslations('Pod');
  const [tab, setTab] = useTab(TABS);
  const detail = useWorkload(cluster, namespace, plural, name);
  const now = useNow(5000);
  const data = detail.data;
  const pods = useMemo(() => (data && 'data' in data.pods ? sortRows(data.pods.data, 'name', false) : undefined), [data]);
  const columns = usePodColumns({ cluster, allNamespaces: false, showLabels: false, now });
  const kind = data?.row.kind;
  const childKind = kind === 'Deployment' ? 'ReplicaSet' : kind === 'CronJob' ? 'Job' : undefined;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <Link href={`/c/${encodeURIComponent(cluster)}/workloads?namespace=${encodeURIComponent(namespace)}`} className="text-sm text-sky-800 hover:underline">
          {t('title')}
        </Link>
        <span aria-hidden className="text-slate-400">
          /
        </span>
        <h1 className="font-mono text-lg font-semibold">
          {kind ?? plural}/{name}
        </h1>
        <span className="font-mono text-sm text-slate-600">{namespace}</span>
        {data && data.row.selector !== '<none>' && (
          <Link href={logsInsightsHref(cluster, { namespace, labelSelector: data.row.selector })} className="text-sm text-sky-800 hover:underline">
            {t('logsInsights')}
          </Link>
        )}
        {data?.rollout && (
          <span
            data-testid="rollout-status"
            className={`rounded px-1.5 text-xs ring-1 ring-inset ${data.rollout.error ? 'bg-red-50 text-red-800 ring-red-600/30' : data.rollout.done ? 'bg-emerald-50 text-emerald-800 ring-emerald-600/30' : 'bg-sky-50 text-sky-800 ring-sky-600/30'}`}
          >
            {data.rollout.message}
          </span>
        )}
        {kind && (
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <EditYamlAction cluster={cluster} id={{ group: WORKLOAD_GROUPS[plural] ?? 'apps', version: 'v1', resource: plural }} namespace={namespace} name={name} kind={kind} />
            <ActionBar
              cluster={cluster}
              object={{ group: WORKLOAD_GROUPS[plural] ?? 'apps', version: 'v1', resource: plural, kind, namespace, name }}
              state={data ? { paused: data.row.paused === true, suspend: data.row.suspend === true } : undefined}
            />
          </div>
        )}
      </div>
      <TabList tabs={TABS} current={tab} onSelect={setTab} label={t('tabs')} tabLabel={(name) => tabName('tab', { tab: name })} />
      {detail.isError && !data ? (
        <ErrorView error={detail.error} />
      ) : !data ? (
        <Skeleton className="h-64 w-full" label={t('loadingOne')} />
      ) : tab === 'Overview' ? (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <Panel title={t('summary')} data={data.row}>
            {(row) => <Facts facts={summary(row, now, ago, t)} />}
          </Panel>
          <Panel title={t('conditions')} data={data.row.conditions}>
            {(conditions) => <ConditionsTable conditions={conditions} now={now} />}
          </Panel>
          {data.children && childKind && (
            <Panel
              title={childKind === 'ReplicaSet' ? t('revisionHistory') : 'Jobs'}
              data={'data' in data.children ? data.children.data : undefined}
              error={'error' in data.children ? data.children.error : undefined}
              className="xl:col-span-2"
            >
              {(children) =>
                children.length === 0 ? (
                  <p className="text-sm text-slate-500">{t('none')}</p>
                ) : (
                  <SimpleTable
                    label={childKind === 'ReplicaSet' ? t('revisionHistory') : 'Jobs'}
                    rows={children}
                    rowKey={(row) => row.uid}
                    columns={[
                      ...(childKind === 'ReplicaSet' ? [{ header: t('revision'), cell: (row: (typeof children)[number]) => row.revision ?? '' }] : []),
                      ...workloadColumns(childKind, cluster, now, false, ago, t),
                    ]}
                  />
                )
              }
            </Panel>
          )}
          {(kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet') && <WorkloadHpaPanel cluster={cluster} namespace={namespace} kind={kind} name={name} />}
          {(kind === 'StatefulSet' || kind === 'DaemonSet') && (
            <ControllerRevisionsPanel cluster={cluster} object={{ group: 'apps', version: 'v1', resource: plural, kind, namespace, name }} now={now} />
          )}
          <Panel title={t('pods')} data={pods} error={'error' in data.pods ? data.pods.error : undefined} className="xl:col-span-2">
            {(rows) =>
              rows.length ? <VirtualTable label={t('pods')} rows={rows} columns={columns} getRowId={(row) => row.uid} maxHeight="28rem" /> : <p className="text-sm text-slate-500">{t('noPods')}</p>
            }
          </Panel>
          <EventsPanel events={data.events} now={now} anchor="events" />
          <Panel title={t('labels')} data={data.row.labels}>
            {(labels) => <KeyValues values={labels} label={t('labels')} />}
          </Panel>
          <Panel title={t('annotations')} data={data.annotations}>
            {(annotations) => <KeyValues values={annotations} label={t('annotations')} />}
          </Panel>
        </div>
      ) : tab === 'Logs' ? (
        data.row.selector === '<none>' ? (
          <p className="text-sm text-slate-600">{t('noSelector')}</p>
        ) : (
          <div className="space-y-2">
            <p className="text-xs text-slate-600">{t.rich('logsOfSelector', { selector: data.row.selector, mono: (chunk) => <span className="font-mono">{chunk}</span> })}</p>
            <SelectorLogs cluster={cluster} namespace={namespace} labelSelector={data.row.selector} filename={`${namespace}_${plural}_${name}.log`} />
          </div>
        )
      ) : (
        <YamlView yaml={data.yaml} />
      )}
    </div>
  );
}
