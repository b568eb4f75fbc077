/** New widgets as the dashboard editor offers them. */
import type { Widget, WidgetType } from '@/lib/dashboards/model';

/** The types in the order the editor offers them; each is named by the `Dashboards.widgetType` message. */
export const WIDGET_TYPES: WidgetType[] = ['log', 'pod-states', 'hpa', 'text', 'alarm', 'metric'];

const CONTAINER_INSIGHTS_GROUP = (cluster: string) => `/aws/containerinsights/${cluster}/application`;

/**
 * A new widget of the type with the fields a user fills in first. A metric widget is in `region`, the
 * console's AWS region (CloudWatch reads and publishes there); none when the console has no AWS.
 */
export function blankWidget(type: WidgetType, cluster: string, id: string, spot: { x: number; y: number }, region: string | null): Widget {
  const place = { id, ...spot, width: 12, height: 6 };
  switch (type) {
    case 'log':
      return { ...place, type, title: '', logGroups: [CONTAINER_INSIGHTS_GROUP(cluster)], query: 'fields @timestamp, @message\n| sort @timestamp desc\n| limit 20', view: 'table', stacked: false };
    case 'pod-states':
      return { ...place, type, title: '', namespace: '{{namespace}}', labelSelector: '' };
    case 'hpa':
      return { ...place, type, title: '', namespace: '{{namespace}}', name: '' };
    case 'text':
      return { ...place, type, markdown: '', height: 3 };
    case 'alarm':
      return { ...place, type, title: 'Alarms', alarms: [] };
    case 'metric':
      return { ...place, type, properties: { metrics: [], view: 'timeSeries', stacked: false, ...(region ? { region } : {}), stat: 'Average', period: 300 } };
  }
}

export function newWidgetId(): string {
  return `w${Math.random().toString(36).slice(2, 10)}`;
}
