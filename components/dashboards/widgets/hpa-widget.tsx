'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useHpa } from '@/components/autoscaling/use-hpas';
import type { HpaWidget as Spec } from '@/lib/dashboards/model';
import { substitute } from '@/lib/dashboards/variables';
import { WidgetFrame } from './frame';
import { useRefetchOnRun } from './use-refetch-on-run';

/** An HPA's replicas against its bounds and each metric against its target, read as the viewer. */
export function HpaWidget({ widget, cluster, values, runKey, actions }: { widget: Spec; cluster: string; values: Record<string, string>; runKey: number; actions?: React.ReactNode }) {
  const t = useTranslations('Dashboards');
  const namespace = substitute(widget.namespace, values);
  const name = substitute(widget.name, values);
  const answer = useHpa(cluster, namespace, name, undefined, { poll: false });
  useRefetchOnRun(runKey, answer.refetch);
  const hpa = answer.data?.hpa;
  return (
    <WidgetFrame
      title={substitute(widget.title, values) || t('hpaTitle', { namespace, name })}
      progress={answer.isFetching ? t('loading') : undefined}
      error={answer.error ?? undefined}
      actions={actions}
    >
      {hpa && (
        <div className="space-y-2 text-sm">
          <p className="tabular-nums">
            <span className="text-2xl font-semibold">{hpa.currentReplicas}</span> replicas
            {hpa.desiredReplicas !== hpa.currentReplicas && <span className="ml-1 text-amber-800">→ {hpa.desiredReplicas} desired</span>}
            <span className="ml-2 text-xs text-slate-500">
              min {hpa.minReplicas ?? 1} · max {hpa.maxReplicas}
            </span>
          </p>
          <ul className="space-y-0.5 text-xs">
            {hpa.metrics.map((m) => (
              <li key={m.name} className={m.above ? 'text-red-800' : ''}>
                {m.name}: {m.current ?? '<unknown>'} / {m.target}
              </li>
            ))}
          </ul>
          {hpa.attention && <p className="text-xs text-amber-900">{hpa.attention.message}</p>}
          <Link className="text-xs text-blue-700 hover:underline" href={`/c/${encodeURIComponent(cluster)}/autoscaling/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`}>
            Open the HPA
          </Link>
        </div>
      )}
    </WidgetFrame>
  );
}
