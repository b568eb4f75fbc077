'use client';
import type { TimeRange, Widget } from '@/lib/dashboards/model';
import { widgetRange } from './time';
import { AlarmWidget } from './widgets/alarm-widget';
import { HpaWidget } from './widgets/hpa-widget';
import { LogWidget } from './widgets/log-widget';
import { MetricWidget } from './widgets/metric-widget';
import { PodStatesWidget } from './widgets/pod-states-widget';
import { TextWidget } from './widgets/text-widget';

export interface WidgetContext {
  cluster: string;
  values: Record<string, string>;
  range: TimeRange;
  runKey: number;
}

/** One widget of any kind; each loads on its own and shows its own progress and error. */
export function WidgetView({ widget, context, actions }: { widget: Widget; context: WidgetContext; actions?: React.ReactNode }) {
  const range = widgetRange(context.range, widget.timeRange);
  switch (widget.type) {
    case 'log':
      return <LogWidget widget={widget} cluster={context.cluster} values={context.values} range={range} runKey={context.runKey} actions={actions} />;
    case 'pod-states':
      return <PodStatesWidget widget={widget} cluster={context.cluster} values={context.values} runKey={context.runKey} actions={actions} />;
    case 'hpa':
      return <HpaWidget widget={widget} cluster={context.cluster} values={context.values} runKey={context.runKey} actions={actions} />;
    case 'text':
      return <TextWidget widget={widget} actions={actions} />;
    case 'alarm':
      return <AlarmWidget widget={widget} cluster={context.cluster} runKey={context.runKey} actions={actions} />;
    case 'metric':
      return <MetricWidget widget={widget} cluster={context.cluster} values={context.values} range={range} runKey={context.runKey} actions={actions} />;
  }
}
