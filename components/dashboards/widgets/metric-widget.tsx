'use client';
import type { MetricWidget as Spec } from '@/server/dashboards/model';
import { WidgetFrame } from './frame';

/** A CloudWatch metric widget, kept as CloudWatch wrote it; CloudWatch draws it once published. */
export function MetricWidget({ widget, actions }: { widget: Spec; actions?: React.ReactNode }) {
  const metrics = Array.isArray(widget.properties.metrics) ? (widget.properties.metrics as unknown[][]) : [];
  const title = typeof widget.properties.title === 'string' ? widget.properties.title : 'Metric';
  return (
    <WidgetFrame title={title} actions={actions}>
      <p className="mb-1 text-xs text-slate-500">Metric graphs show in CloudWatch; Watchdeck keeps this widget for export and publishing.</p>
      <ul className="space-y-0.5 font-mono text-xs">
        {metrics.map((m, i) => (
          <li key={i}>{m.filter((p) => typeof p === 'string').join(' · ')}</li>
        ))}
      </ul>
    </WidgetFrame>
  );
}
