/** The console API's alarm shapes, shared with the page. */
import type { AlarmLink, AlarmScope } from './scope';

/** Someone's acknowledgement of one firing of an alarm (its state transition). */
export interface Acknowledgement {
  alarmArn: string;
  /** The transition acknowledged (RFC 3339). */
  stateTransitionedAt: string;
  stateValue: string;
  by: string;
  note: string;
  at: string;
}

export type AlarmState = 'ALARM' | 'INSUFFICIENT_DATA' | 'OK';

export interface AlarmMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

export interface AlarmSummary {
  name: string;
  arn: string;
  type: 'MetricAlarm' | 'CompositeAlarm';
  description?: string;
  state: AlarmState;
  stateReason: string;
  /** StateReasonData as CloudWatch wrote it (JSON text). */
  stateReasonData?: string;
  /** StateTransitionedTimestamp (RFC 3339): since when the alarm is in its state. */
  since: string;
  actionsEnabled: boolean;
  actions: { alarm: string[]; ok: string[]; insufficientData: string[] };
  /** Metric alarms. */
  threshold?: number;
  comparison?: string;
  statistic?: string;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  treatMissingData?: string;
  metric?: AlarmMetric;
  /** Metric math alarms: the expression returned, and the metrics it reads. */
  expression?: string;
  metrics?: AlarmMetric[];
  /** Composite alarms. */
  rule?: string;
  scope: AlarmScope;
  links: AlarmLink[];
  acknowledgements: Acknowledgement[];
}

export interface MetricPoint {
  /** Period start, ms since the epoch. */
  t: number;
  v: number;
}

export type Sparkline = { period: number; start: string; end: string; points: MetricPoint[] } | { error: { kind: string; message: string } };

/** Alarms the caller was not shown, grouped by why. */
export interface HiddenAlarms {
  count: number;
  /** e.g. `get pods in namespace eks-work` */
  requires: string;
  reason: string;
  /** The permission that would show them, as a 403's missing permission names it ("" namespace: the cluster scope). */
  permission: { verb: string; resource: string; subresource: string; group: string; namespace: string };
}

export interface AlarmList {
  cluster: string;
  alarms: AlarmSummary[];
  sparklines: Record<string, Sparkline>;
  hidden: HiddenAlarms[];
  /** When CloudWatch was asked (RFC 3339). */
  checkedAt: string;
}

export interface HistoryEntry {
  at: string;
  type: string;
  summary: string;
  /** HistoryData parsed when it is JSON. */
  data?: unknown;
}

export interface MetricSeries {
  id: string;
  label: string;
  points: MetricPoint[];
}

export interface AlarmDetail {
  alarm: AlarmSummary;
  history: HistoryEntry[];
  metricData?: { start: string; end: string; period: number; series: MetricSeries[] } | { error: { kind: string; message: string } };
  children: AlarmSummary[];
  parents: AlarmSummary[];
  hidden: HiddenAlarms[];
}
