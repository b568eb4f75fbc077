import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { beyondEveryNode, oversizedMessage, type Oversized } from '@/lib/k8s/never-fits';
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
  const t = useTranslations('Pending');
  const mismatch = node.mismatch;
  const reasons = [
    ...(node.unschedulable ? [t('cordoned')] : []),
    ...(node.untolerated ? [t('untoleratedTaint', { taint: taintText(node.untolerated) })] : []),
    ...(mismatch?.kind === 'nodeSelector'
      ? [
          mismatch.actual === undefined
            ? t('selectorNoLabel', { key: mismatch.key, value: mismatch.value })
            : t('selectorOtherValue', { key: mismatch.key, value: mismatch.value, actual: mismatch.actual }),
        ]
      : mismatch?.kind === 'nodeAffinity'
        ? [t('affinityNoTerm')]
        : []),
  ];
  if (reasons.length === 0) return <span className="text-slate-400">{t('none')}</span>;
  return (
    <ul aria-label={t('rejectsThePod')} className="space-y-0.5">
      {reasons.map((reason) => (
        <li key={reason} className="text-xs text-red-800">
          {reason}
        </li>
      ))}
    </ul>
  );
}

/** Why a Pending pod is not scheduled: the scheduler's message as reasons with node counts, and each node's free room against the pod's requests. */
/** "3 CPU requested; the largest node allocates 1.93", in the page's language. */
function OversizedText({ oversized }: { oversized: Oversized }) {
  const t = useTranslations('Pending');
  const { key, values } = oversizedMessage(oversized);
  return key === 'oversizedCpu' ? t(key, values) : t(key, values);
}

export function PendingExplainer({ cluster, explanation, now }: { cluster: string; explanation: PendingExplanation; now: number }) {
  const ago = useAgo();
  const t = useTranslations('Pending');
  const failed = explanation.failedScheduling;
  const parsed = failed?.parsed;
  const message = failed?.message ?? explanation.scheduled?.message;
  const considered = 'data' in explanation.nodes ? explanation.nodes.data.nodes : [];
  const oversized = beyondEveryNode(explanation.requests, considered);
  return (
    <div className="space-y-3 text-sm">
      {oversized.length > 0 && (
        <div role="note" aria-label={t('noNodeCanFit')} className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-950">
          <p className="font-semibold">{t('neverFits')}</p>
          <ul className="mt-1 space-y-0.5">
            {oversized.map((o) => (
              <li key={o.resource}>
                <OversizedText oversized={o} /> (
                <Link href={nodeHref(cluster, o.largest.node)} className="font-mono text-sky-800 hover:underline">
                  {o.largest.node}
                </Link>
                ).
              </li>
            ))}
          </ul>
          <p className="mt-1 text-xs">{t('comparedWith', { count: considered.length })}</p>
        </div>
      )}
      {parsed ? (
        <div>
          <p>
            {t.rich('nodesAvailable', { available: parsed.available, total: parsed.total, count: (chunk) => <span className="font-semibold tabular-nums">{chunk}</span> })}
            {failed && <span className="text-slate-500"> {t('seen', { count: failed.count, last: ago(failed.lastSeen, now) })}</span>}
          </p>
          <ul aria-label={t('schedulingReasons')} className="mt-1 space-y-1">
            {parsed.reasons.map((reason) => (
              <li key={reason.reason} className="flex items-center gap-2">
                <span className="w-16 text-right font-mono tabular-nums">{t('nodeCount', { count: reason.count })}</span>
                <span className={`rounded px-1.5 font-mono text-xs ring-1 ring-inset ${kindTone[reason.kind] ?? 'bg-slate-100 text-slate-700 ring-slate-500/30'}`}>{reason.reason}</span>
              </li>
            ))}
          </ul>
          {parsed.preemption && <p className="mt-1 text-xs text-slate-600">{t('preemption', { text: parsed.preemption.text })}</p>}
        </div>
      ) : message ? (
        <p className="font-mono text-[13px]">{message}</p>
      ) : (
        <p className="text-slate-600">{t('notReported')}</p>
      )}
      {explanation.claims.length > 0 && (
        <SimpleTable
          label={t('volumeClaims')}
          rows={explanation.claims}
          rowKey={(claim) => claim.name}
          columns={[
            { header: t('claim'), cell: (claim) => claim.name },
            {
              header: t('status'),
              cell: (claim) =>
                claim.error ? <span className="font-sans text-red-800">{claim.error.message}</span> : <span className={claim.phase === 'Bound' ? '' : 'text-amber-800'}>{claim.phase}</span>,
            },
            { header: t('storageClass'), cell: (claim) => claim.storageClass ?? '' },
            { header: t('requested'), cell: (claim) => claim.requested ?? '' },
            { header: t('volume'), cell: (claim) => claim.volumeName ?? '' },
          ]}
        />
      )}
      <p>{t.rich('podRequests', { cpu: explanation.requests.cpu, memory: formatBytes(explanation.requests.memoryBytes), mono: (chunk) => <span className="font-mono">{chunk}</span> })}</p>
      {'error' in explanation.nodes ? (
        <SectionError what={t('freeRoom')} error={explanation.nodes.error} />
      ) : (
        <>
          {explanation.nodes.data.freeUnknown && <p className="text-xs text-amber-800">{t('freeUnknown', { message: explanation.nodes.data.freeUnknown })}</p>}
          <SimpleTable
            label={t('freeRoom')}
            rows={explanation.nodes.data.nodes}
            rowKey={(node) => node.name}
            rowClassName={(node) => (node.fits === false ? 'text-slate-500' : '')}
            columns={[
              {
                header: t('node'),
                cell: (node) => (
                  <Link href={nodeHref(cluster, node.name)} className="text-sky-800 hover:underline">
                    {node.name}
                  </Link>
                ),
              },
              { header: t('status'), cell: (node) => node.status },
              { header: t('freeCpu'), cell: (node) => (node.free ? t('freeOf', { free: node.free.cpu, allocatable: node.allocatable.cpu }) : '?'), className: 'tabular-nums' },
              {
                header: t('freeMemory'),
                cell: (node) => (node.free ? t('freeOf', { free: formatBytes(node.free.memoryBytes), allocatable: formatBytes(node.allocatable.memoryBytes) }) : '?'),
                className: 'tabular-nums',
              },
              { header: t('fitsRequests'), cell: (node) => (node.fits === undefined ? '?' : node.fits ? t('yes') : t('no')) },
              { header: t('taints'), cell: (node) => <Taints taints={node.taints} />, className: 'font-sans' },
              { header: t('rulesOut'), cell: (node) => <Rejection node={node} />, className: 'font-sans' },
            ]}
          />
        </>
      )}
    </div>
  );
}
