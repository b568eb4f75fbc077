'use client';
import Link from 'next/link';
import { useNodes, type NodeRow } from '../api/nodes';
import { nodeHref } from '../pods/links';
import { age, Panel } from '../table/panel';
import { SimpleTable, type SimpleColumn } from '../table/simple-table';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { activePressures, NodeResources, NodeStatus, Taints } from './node-parts';

export function NodesPage({ cluster }: { cluster: string }) {
  const nodes = useNodes(cluster);
  const now = useNow(10_000);
  const columns: SimpleColumn<NodeRow>[] = [
    {
      header: 'Name',
      cell: (node) => (
        <Link href={nodeHref(cluster, node.name)} className="text-sky-800 hover:underline">
          {node.name}
        </Link>
      ),
      className: 'min-w-40 break-all',
    },
    { header: 'Status', cell: (node) => <NodeStatus node={node} /> },
    { header: 'Roles', cell: (node) => node.roles, className: 'whitespace-nowrap' },
    { header: 'Age', cell: (node) => age(node.createdAt, now), className: 'whitespace-nowrap' },
    { header: 'Version', cell: (node) => node.version },
    { header: 'Zone', cell: (node) => node.zone ?? '', className: 'whitespace-nowrap' },
    { header: 'Instance type', cell: (node) => node.instanceType ?? '', className: 'whitespace-nowrap' },
    { header: 'Pods', cell: (node) => (node.allocated ? `${node.allocated.pods}/${node.allocatable.pods}` : `?/${node.allocatable.pods}`), className: 'tabular-nums' },
    { header: 'CPU / memory', cell: (node) => <NodeResources node={node} />, className: 'min-w-48 font-sans' },
    { header: 'Conditions', cell: (node) => activePressures(node).join(', ') || <span className="text-slate-400">normal</span> },
    { header: 'Taints', cell: (node) => <Taints taints={node.taints} />, className: 'font-sans' },
  ];
  const data = nodes.data;
  return (
    <div className="space-y-3">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Nodes</h1>
        <span className="font-mono text-sm text-slate-600">{cluster}</span>
        {data && (
          <span className="ml-auto text-xs tabular-nums text-slate-600">
            {data.items.filter((n) => n.ready).length}/{data.items.length} ready
          </span>
        )}
      </div>
      {data && 'error' in data.allocated && (
        <div className="text-xs text-amber-900">
          Requested amounts unavailable: <ErrorView error={data.allocated.error} compact />
        </div>
      )}
      {data && 'error' in data.usage && (
        <div className="text-xs text-amber-900">
          Usage unavailable: <ErrorView error={data.usage.error} compact />
        </div>
      )}
      <Panel title="Nodes" main data={data?.items} error={nodes.isError && !data ? nodes.error : undefined}>
        {(items) => <SimpleTable label="Nodes" rows={items} columns={columns} rowKey={(node) => node.name} />}
      </Panel>
    </div>
  );
}
