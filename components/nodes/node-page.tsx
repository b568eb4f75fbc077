'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import { useNode } from '../api/nodes';
import { EventsTable } from '../pods/events-table';
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
  const detail = useNode(cluster, name);
  const now = useNow(10_000);
  const data = detail.data;
  const pods = useMemo(() => (data && 'data' in data.pods ? sortRows(data.pods.data, 'namespace', false) : undefined), [data]);
  const columns = usePodColumns({ cluster, allNamespaces: true, showLabels: false, now });
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <Link href={`/c/${encodeURIComponent(cluster)}/nodes`} className="text-sm text-sky-800 hover:underline">
          Nodes
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
        <Skeleton className="h-64 w-full" label="Loading node" />
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <Panel title="Summary" data={data.node}>
            {(node) => (
              <Facts
                facts={[
                  ['Roles', node.roles],
                  ['Version', node.version],
                  ['Internal IP', node.internalIP],
                  ['Zone', node.zone],
                  ['Instance type', node.instanceType],
                  ['Cordoned', node.unschedulable ? 'yes (SchedulingDisabled)' : 'no'],
                  ['Created', ago(node.createdAt, now)],
                  ['Pods', node.allocated ? `${node.allocated.pods} of ${node.allocatable.pods}` : `? of ${node.allocatable.pods}`],
                  ['Capacity', `cpu ${node.capacity.cpu}, memory ${formatBytes(node.capacity.memoryBytes)}, pods ${node.capacity.pods}`],
                  ['Allocatable', `cpu ${node.allocatable.cpu}, memory ${formatBytes(node.allocatable.memoryBytes)}, pods ${node.allocatable.pods}`],
                  ['Requested', node.allocated ? `cpu ${node.allocated.requests.cpu}, memory ${formatBytes(node.allocated.requests.memoryBytes)}` : undefined],
                  ['Limits', node.allocated ? `cpu ${node.allocated.limits.cpu}, memory ${formatBytes(node.allocated.limits.memoryBytes)}` : undefined],
                  ['Usage', node.usage ? `cpu ${node.usage.cpu}, memory ${formatBytes(node.usage.memoryBytes)}` : 'unavailable'],
                ]}
              />
            )}
          </Panel>
          <div className="space-y-4">
            <Panel title="Resources" data={data.node}>
              {(node) => <NodeResources node={node} />}
            </Panel>
            <Panel title="Taints" data={data.node.taints}>
              {(taints) => <Taints taints={taints} />}
            </Panel>
          </div>
          <Panel title="Conditions" data={data.node.conditions} className="xl:col-span-2">
            {(conditions) => <ConditionsTable conditions={conditions} now={now} />}
          </Panel>
          <Panel title="Pods on this node" data={pods} error={'error' in data.pods ? data.pods.error : undefined} className="xl:col-span-2">
            {(rows) =>
              rows.length ? <VirtualTable label="Pods on this node" rows={rows} columns={columns} getRowId={(row) => row.uid} maxHeight="28rem" /> : <p className="text-sm text-slate-500">No pods.</p>
            }
          </Panel>
          <Panel title="Events" anchor="events" data={'data' in data.events ? data.events.data : undefined} error={'error' in data.events ? data.events.error : undefined} className="xl:col-span-2">
            {(events) => <EventsTable events={events} now={now} />}
          </Panel>
          <Panel title="Labels" data={data.node.labels} className="xl:col-span-2">
            {(labels) => <KeyValues values={labels} label="Labels" />}
          </Panel>
        </div>
      )}
    </div>
  );
}
