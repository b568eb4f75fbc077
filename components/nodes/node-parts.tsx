import { useTranslations } from 'next-intl';
import type { NodeRow, Taint } from '../api/nodes';
import { formatCpu } from '@/lib/k8s/quantity';
import { formatBytes } from '../table/quantity';
import { UsageBar } from '../table/usage-bar';

const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

export function NodeStatus({ node }: { node: Pick<NodeRow, 'status' | 'ready' | 'unschedulable'> }) {
  const tone = !node.ready ? 'bg-red-50 text-red-800 ring-red-600/30' : node.unschedulable ? 'bg-amber-50 text-amber-900 ring-amber-600/40' : 'bg-emerald-50 text-emerald-800 ring-emerald-600/30';
  return <span className={`inline-flex rounded px-1.5 text-xs font-medium ring-1 ring-inset ${tone}`}>{node.status}</span>;
}

/** Pressure conditions that are on (and NetworkUnavailable), the ones that need attention. */
export function activePressures(node: Pick<NodeRow, 'conditions'>): string[] {
  return node.conditions.filter((c) => PRESSURES.includes(c.type) && c.status === 'True').map((c) => c.type);
}

export function Taints({ taints }: { taints: Taint[] }) {
  const t = useTranslations('Nodes');
  if (taints.length === 0) return <span className="text-slate-400">{t('none')}</span>;
  return (
    <ul aria-label={t('taints')} className="flex flex-wrap gap-1">
      {taints.map((taint) => (
        <li key={taintText(taint)} className="rounded bg-amber-50 px-1.5 text-xs text-amber-900 ring-1 ring-inset ring-amber-600/30">
          {taintText(taint)}
        </li>
      ))}
    </ul>
  );
}

/** CPU and memory: usage (bar) against what the node's pods request (mark) and allocatable (full scale). */
export function NodeResources({ node }: { node: NodeRow }) {
  const t = useTranslations('Nodes');
  return (
    <div className="space-y-1">
      <UsageBar
        label="cpu"
        used={node.usage ? node.usage.cpuMillicores / 1000 : undefined}
        request={node.allocated ? node.allocated.requests.cpuMillicores / 1000 : undefined}
        limit={node.allocatable.cpuMillicores / 1000}
        format={formatCpu}
        requestLabel={t('requested')}
        limitLabel={t('allocatableWord')}
      />
      <UsageBar
        label="mem"
        used={node.usage?.memoryBytes}
        request={node.allocated?.requests.memoryBytes}
        limit={node.allocatable.memoryBytes}
        format={formatBytes}
        requestLabel={t('requested')}
        limitLabel={t('allocatableWord')}
      />
    </div>
  );
}
