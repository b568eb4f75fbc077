import Link from 'next/link';
import { beyondEveryNode, oversizedText } from '@/lib/k8s/never-fits';
import type { NodeRoom, PendingExplanation } from '../api/pod-detail';
import { Taints, taintText } from '../nodes/node-parts';
import { SectionError } from '../ui/restricted-note';
import { useAgo } from '../table/panel';
import { formatBytes } from '../table/quantity';
import { SimpleTable } from '../table/simple-table';
import { nodeHref } from './links';

const kindTone: Record<string, string> = {
  insufficient: 'bg-red-50 text-red-800 ring-red-600/30',
  taint: 'bg-amber-50 text-amber-900 ring-amber-600/40',
  affinity: 'bg-violet-50 text-violet-800 ring-violet-600/30',
  volume: 'bg-sky-50 text-sky-800 ring-sky-600/30',
};

/** What rules the node out for this pod, in the scheduler's terms; room is the last column's business. */
function Rejection({ node }: { node: NodeRoom }) {
  const reasons = [
    ...(node.unschedulable ? ['cordoned (unschedulable)'] : []),
    ...(node.untolerated ? [`untolerated taint ${taintText(node.untolerated)}`] : []),
    ...(node.mismatch ? [node.mismatch] : []),
  ];
  if (reasons.length === 0) return <span className="text-slate-400">none</span>;
  return (
    <ul aria-label="Rejects the pod" className="space-y-0.5">
      {reasons.map((reason) => (
        <li key={reason} className="text-xs text-red-800">
          {reason}
        </li>
      ))}
    </ul>
  );
}

/** Why a Pending pod is not scheduled: the scheduler's message as reasons with node counts, and each node's free room against the pod's requests. */
export function PendingExplainer({ cluster, explanation, now }: { cluster: string; explanation: PendingExplanation; now: number }) {
  const ago = useAgo();
  const failed = explanation.failedScheduling;
  const parsed = failed?.parsed;
  const message = failed?.message ?? explanation.scheduled?.message;
  const considered = 'data' in explanation.nodes ? explanation.nodes.data.nodes : [];
  const oversized = beyondEveryNode(explanation.requests, considered);
  return (
    <div className="space-y-3 text-sm">
      {oversized.length > 0 && (
        <div role="note" aria-label="No node can fit this pod" className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-950">
          <p className="font-semibold">No node could ever fit this pod, even with nothing else running on it.</p>
          <ul className="mt-1 space-y-0.5">
            {oversized.map((o) => (
              <li key={o.resource}>
                {oversizedText(o)} (
                <Link href={nodeHref(cluster, o.largest.node)} className="font-mono text-sky-800 hover:underline">
                  {o.largest.node}
                </Link>
                ).
              </li>
            ))}
          </ul>
          <p className="mt-1 text-xs">
            Compared with the allocatable of the {considered.length} node{considered.length === 1 ? '' : 's'} below: lower the request or add a larger node.
          </p>
        </div>
      )}
      {parsed ? (
        <div>
          <p>
            <span className="font-semibold tabular-nums">
              {parsed.available}/{parsed.total}
            </span>{' '}
            nodes are available
            {failed && (
              <span className="text-slate-500">
                {' '}
                · seen {failed.count}×, last {ago(failed.lastSeen, now)}
              </span>
            )}
          </p>
          <ul aria-label="Scheduling reasons" className="mt-1 space-y-1">
            {parsed.reasons.map((reason) => (
              <li key={reason.reason} className="flex items-center gap-2">
                <span className="w-16 text-right font-mono tabular-nums">
                  {reason.count} node{reason.count === 1 ? '' : 's'}
                </span>
                <span className={`rounded px-1.5 font-mono text-xs ring-1 ring-inset ${kindTone[reason.kind] ?? 'bg-slate-100 text-slate-700 ring-slate-500/30'}`}>{reason.reason}</span>
              </li>
            ))}
          </ul>
          {parsed.preemption && <p className="mt-1 text-xs text-slate-600">Preemption: {parsed.preemption.text}</p>}
        </div>
      ) : message ? (
        <p className="font-mono text-[13px]">{message}</p>
      ) : (
        <p className="text-slate-600">The scheduler has not reported on this pod yet.</p>
      )}
      {explanation.claims.length > 0 && (
        <SimpleTable
          label="Volume claims"
          rows={explanation.claims}
          rowKey={(claim) => claim.name}
          columns={[
            { header: 'Claim', cell: (claim) => claim.name },
            {
              header: 'Status',
              cell: (claim) =>
                claim.error ? <span className="font-sans text-red-800">{claim.error.message}</span> : <span className={claim.phase === 'Bound' ? '' : 'text-amber-800'}>{claim.phase}</span>,
            },
            { header: 'Storage class', cell: (claim) => claim.storageClass ?? '' },
            { header: 'Requested', cell: (claim) => claim.requested ?? '' },
            { header: 'Volume', cell: (claim) => claim.volumeName ?? '' },
          ]}
        />
      )}
      <p>
        The pod requests <span className="font-mono">cpu {explanation.requests.cpu}</span>, <span className="font-mono">memory {formatBytes(explanation.requests.memoryBytes)}</span>.
      </p>
      {'error' in explanation.nodes ? (
        <SectionError what="Free room per node" error={explanation.nodes.error} />
      ) : (
        <>
          {explanation.nodes.data.freeUnknown && <p className="text-xs text-amber-800">{explanation.nodes.data.freeUnknown}</p>}
          <SimpleTable
            label="Free room per node"
            rows={explanation.nodes.data.nodes}
            rowKey={(node) => node.name}
            rowClassName={(node) => (node.fits === false ? 'text-slate-500' : '')}
            columns={[
              {
                header: 'Node',
                cell: (node) => (
                  <Link href={nodeHref(cluster, node.name)} className="text-sky-800 hover:underline">
                    {node.name}
                  </Link>
                ),
              },
              { header: 'Status', cell: (node) => node.status },
              { header: 'Free cpu', cell: (node) => (node.free ? `${node.free.cpu} of ${node.allocatable.cpu}` : '?'), className: 'tabular-nums' },
              { header: 'Free memory', cell: (node) => (node.free ? `${formatBytes(node.free.memoryBytes)} of ${formatBytes(node.allocatable.memoryBytes)}` : '?'), className: 'tabular-nums' },
              { header: 'Fits requests', cell: (node) => (node.fits === undefined ? '?' : node.fits ? 'yes' : 'no') },
              { header: 'Taints', cell: (node) => <Taints taints={node.taints} />, className: 'font-sans' },
              { header: 'Rules the pod out', cell: (node) => <Rejection node={node} />, className: 'font-sans' },
            ]}
          />
        </>
      )}
    </div>
  );
}
