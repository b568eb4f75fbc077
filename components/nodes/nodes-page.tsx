'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useNodes, type NodeRow } from '../api/nodes';
import { nodeHref } from '../pods/links';
import { age, Panel } from '../table/panel';
import { SimpleTable, type SimpleColumn } from '../table/simple-table';
import { useNow } from '../table/use-now';
import { SectionError } from '../ui/restricted-note';
import { activePressures, NodeResources, NodeStatus, Taints } from './node-parts';

export function NodesPage({ cluster }: { cluster: string }) {
  const t = useTranslations('Nodes');
  const nodes = useNodes(cluster);
  const now = useNow(10_000);
  const columns: SimpleColumn<NodeRow>[] = [
    {
      header: t('name'),
      cell: (node) => (
        <Link href={nodeHref(cluster, node.name)} className="text-sky-800 hover:underline">
          {node.name}
        </Link>
      ),
      className: 'min-w-40 break-all',
    },
    { header: t('status'), cell: (node) => <NodeStatus node={node} /> },
    { header: t('roles'), cell: (node) => node.roles, className: 'whitespace-nowrap' },
    { header: t('age'), cell: (node) => age(node.createdAt, now), className: 'whitespace-nowrap' },
    { header: t('version'), cell: (node) => node.version },
    { header: t('zone'), cell: (node) => node.zone ?? '', className: 'whitespace-nowrap' },
    { header: t('instanceType'), cell: (node) => node.instanceType ?? '', className: 'whitespace-nowrap' },
    { header: t('pods'), cell: (node) => (node.allocated ? `${node.allocated.pods}/${node.allocatable.pods}` : `?/${node.allocatable.pods}`), className: 'tabular-nums' },
    { header: t('cpuMemory'), cell: (node) => <NodeResources node={node} />, className: 'min-w-48 font-sans' },
    { header: t('conditions'), cell: (node) => activePressures(node).join(', ') || <span className="text-slate-400">{t('normal')}</span> },
    { header: t('taints'), cell: (node) => <Taints taints={node.taints} />, className: 'font-sans' },
  ];
  const data = nodes.data;
  return (
    <div className="space-y-3">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="font-mono text-sm text-slate-600">{cluster}</span>
        {data && <span className="ml-auto text-xs tabular-nums text-slate-600">{t('readyCount', { ready: data.items.filter((n) => n.ready).length, total: data.items.length })}</span>}
      </div>
      {data && 'error' in data.allocated && <SectionError what={t('requestedAmounts')} lead={t('requestedUnavailable')} error={data.allocated.error} />}
      {data && 'error' in data.usage && <SectionError what={t('usageFigures')} lead={t('usageUnavailable')} error={data.usage.error} />}
      <Panel title={t('title')} main data={data?.items} error={nodes.isError && !data ? nodes.error : undefined}>
        {(items) => <SimpleTable label={t('title')} rows={items} columns={columns} rowKey={(node) => node.name} />}
      </Panel>
    </div>
  );
}
