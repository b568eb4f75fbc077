'use client';
import type { AlarmWidget as Spec } from '@/server/dashboards/model';
import { WidgetFrame } from './frame';

/** The alarms the widget names; their states are drawn by CloudWatch once the dashboard is published. */
export function AlarmWidget({ widget, actions }: { widget: Spec; actions?: React.ReactNode }) {
  return (
    <WidgetFrame title={widget.title || 'Alarms'} actions={actions}>
      <p className="mb-1 text-xs text-slate-500">Alarm states show in CloudWatch; Watchdeck keeps this widget for export and publishing.</p>
      <ul className="space-y-0.5 font-mono text-xs">
        {widget.alarms.map((arn) => (
          <li key={arn}>{arn.split(':alarm:')[1] ?? arn}</li>
        ))}
      </ul>
    </WidgetFrame>
  );
}
