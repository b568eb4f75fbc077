'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useNode } from '../api/nodes';
import { EventsPanel } from '../pods/events-table';
import { usePodColumns } from '../pods/pod-columns';
import { sortRows } from '../pods/pod-rows';
import { formatBytes } from '../table/quantity';
import { useAgo, ConditionsTable, Facts, KeyValues, Panel } from '../table/panel';
import { useNow } from '../table/use-now';
import { VirtualTable } from '../table/virtual-table';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { NodeActions } from './node-actions';
import { NodeResources, NodeStatus, Taints } from './node-parts';

export function NodePage({ cluster, name }: { cluster: string; name: string }) {
  const ago = useAgo();
  const t = useTranslations('Nodes');
  const detail = useNode(cluster, name);
  const now = useNow(10_000);
  const data = detail.data;
  const pods = useMemo(() => (data && 'data' in data.pods ? sortRows(data.pods.data, 'namespace', false) : undefined), [data]);
  const columns = usePodColumns({ cluster, allNamespaces: true, showLabels: false, now });
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <Link href={`/c/${encodeURIComponent(cluster)}/nodes`} className="text-sm text-sky-800 hover:underline">
          {t('title')}
        </Link>
        <span aria-hidden className="text-slate-400">
          /
        </span>
        <h1 className="font-mono text-lg font-semibold">{name}</h1>
        {data && <NodeStatus node={data.node} />}
        {data && (
          <span className="ml-auto">
            <NodeActions cluster={cluster} node={name} unschedulable={data.node.unschedulable} />
          </span>
        )}
      </div>
      {detail.isError && !data ? (
        <ErrorView error={detail.error} />
      ) : !data ? (
        <Skeleton className="h-64 w-full" label={t('loading')} />
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <Panel title={t('summary')} data={data.node}>
            {(node) => (
              <Facts
                facts={[
                  [t('roles'), node.roles],
                  [t('version'), node.version],
                  [t('internalIp'), node.internalIP],
                  [t('zone'), node.zone],
                  [t('instanceType'), node.instanceType],
                  [t('cordoned'), node.unschedulable ? t('cordonedYes') : t('cordonedNo')],
                  [t('created'), ago(node.createdAt, now)],
                  [t('pods'), t('podsOf', { pods: node.allocated ? node.allocated.pods : '?', allocatable: node.allocatable.pods })],
                  [t('capacity'), t('cpuMemoryPods', { cpu: node.capacity.cpu, memory: formatBytes(node.capacity.memoryBytes), pods: node.capacity.pods })],
                  [t('allocatable'), t('cpuMemoryPods', { cpu: node.allocatable.cpu, memory: formatBytes(node.allocatable.memoryBytes), pods: node.allocatable.pods })],
                  [t('requestedTerm'), node.allocated ? t('cpuMemoryValues', { cpu: node.allocated.requests.cpu, memory: formatBytes(node.allocated.requests.memoryBytes) }) : undefined],
                  [t('limits'), node.allocated ? t('cpuMemoryValues', { cpu: node.allocated.limits.cpu, memory: formatBytes(node.allocated.limits.memoryBytes) }) : undefined],
                  [t('usage'), node.usage ? t('cpuMemoryValues', { cpu: node.usage.cpu, memory: formatBytes(node.usage.memoryBytes) }) : t('unavailable')],
                ]}
              />
            )}
          </Panel>
          <div className="space-y-4">
            <Panel title={t('resources')} data={data.node}>
              {(node) => <NodeResources node={node} />}
            </Panel>
            <Panel title={t('taints')} data={data.node.taints}>
              {(taints) => <Taints taints={taints} />}
            </Panel>
          </div>
          <Panel title={t('conditions')} data={data.node.conditions} className="xl:col-span-2">
            {(conditions) => <ConditionsTable conditions={conditions} now={now} />}
          </Panel>
          <Panel title={t('podsOnNode')} data={pods} error={'error' in data.pods ? data.pods.error : undefined} className="xl:col-span-2">
            {(rows) =>
              rows.length ? (
                <VirtualTable label={t('podsOnNode')} rows={rows} columns={columns} getRowId={(row) => row.uid} maxHeight="28rem" />
              ) : (
                <p className="text-sm text-slate-500">{t('noPods')}</p>
              )
            }
          </Panel>
          <EventsPanel events={data.events} now={now} anchor="events" />
          <Panel title={t('labels')} data={data.node.labels} className="xl:col-span-2">
            {(labels) => <KeyValues values={labels} label={t('labels')} />}
          </Panel>
        </div>
      )}
    </div>
  );
}
