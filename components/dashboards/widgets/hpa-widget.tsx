'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { apiRequest } from '@/components/api/client';
import { clusterPath } from '@/components/api/keys';
import type { HpaWidget as Spec } from '@/lib/dashboards/model';
import { substitute } from '@/lib/dashboards/variables';
import { WidgetFrame } from './frame';

/** The part of GET …/hpas/{name} this widget draws. */
interface HpaAnswer {
  hpa: {
    currentReplicas: number;
    desiredReplicas: number;
    minReplicas?: number;
    maxReplicas: number;
    metrics: { name: string; current?: string; target: string; above?: boolean }[];
    attention?: { kind: string; message: string };
  };
}

/** An HPA's replicas against its bounds and each metric against its target, read as the viewer. */
export function HpaWidget({ widget, cluster, values, runKey, actions }: { widget: Spec; cluster: string; values: Record<string, string>; runKey: number; actions?: React.ReactNode }) {
  const namespace = substitute(widget.namespace, values);
  const name = substitute(widget.name, values);
  const answer = useQuery({
    queryKey: ['dashboards', 'widget', 'hpa', cluster, namespace, name, runKey],
    queryFn: () => apiRequest<HpaAnswer>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'hpas', encodeURIComponent(name))),
    retry: false,
  });
  const hpa = answer.data?.hpa;
  return (
    <WidgetFrame title={substitute(widget.title, values) || `HPA ${namespace}/${name}`} progress={answer.isFetching ? 'Loading…' : undefined} error={answer.error ?? undefined} actions={actions}>
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
