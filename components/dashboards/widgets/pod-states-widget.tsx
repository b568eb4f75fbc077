'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { usePodList } from '@/components/api/pod-detail';
import { StatusBadge } from '@/components/ui/status-badge';
import type { PodStatesWidget as Spec } from '@/lib/dashboards/model';
import { substitute } from '@/lib/dashboards/variables';
import { WidgetFrame } from './frame';
import { useRefetchOnRun } from './use-refetch-on-run';

/** Pods of a namespace and selector by kubectl's STATUS, listed as the viewer. */
export function PodStatesWidget({ widget, cluster, values, runKey, actions }: { widget: Spec; cluster: string; values: Record<string, string>; runKey: number; actions?: React.ReactNode }) {
  const t = useTranslations('Dashboards');
  const namespace = substitute(widget.namespace, values);
  const labelSelector = substitute(widget.labelSelector, values);
  const pods = usePodList(cluster, namespace, labelSelector);
  useRefetchOnRun(runKey, pods.refetch);
  const counts = new Map<string, number>();
  for (const p of pods.data?.items ?? []) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  const progress = pods.isFetching ? t('loading') : pods.data ? t('podCount', { count: pods.data.items.length }) : undefined;
  return (
    <WidgetFrame title={substitute(widget.title, values) || t('podsIn', { namespace, selector: labelSelector || 'none' })} progress={progress} error={pods.error ?? undefined} actions={actions}>
      {pods.data && (
        <div className="space-y-2 text-sm">
          <div className="flex flex-wrap gap-1.5" data-testid="pod-state-counts">
            {[...counts]
              .sort((a, b) => b[1] - a[1])
              .map(([status, n]) => (
                <StatusBadge key={status} status={status} count={n} />
              ))}
            {!counts.size && <span className="text-slate-500">{t('noPodsMatch')}</span>}
          </div>
          <ul className="space-y-0.5 text-xs">
            {pods.data.items.map((p) => (
              <li key={p.uid} className="flex gap-2">
                <Link className="truncate font-mono text-blue-700 hover:underline" href={`/c/${encodeURIComponent(cluster)}/pods/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`}>
                  {p.name}
                </Link>
                <span className="ml-auto shrink-0 text-slate-600">
                  {p.ready} · {p.status}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </WidgetFrame>
  );
}
