/**
 * The sandbox's alarms: metric alarms (one metric or metric math) evaluated on the world's
 * clock, composite alarms on their children's states, and the history CloudWatch keeps
 * (configuration updates, state updates, actions).
 */
import { SANDBOX_ACCOUNT_ID, SANDBOX_REGION } from '../server';
import { alarmNameOf, evaluateRule, parseAlarmRule, ruleChildren, type RuleNode } from './composite-rule';
import { evaluateMetricAlarm, reasonDataTime, type AlarmState, type ComparisonOperator, type TreatMissingData } from './evaluation';
import { metricIdOf, runQueries, type MetricDataQuery, type WireDimension } from './metric-data';
import type { MetricStore } from './metric-store';

/** What metric and composite alarms have in common: the name, description and actions. */
export interface AlarmBase {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
}

export interface MetricAlarmConfig extends AlarmBase {
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: WireDimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: ComparisonOperator;
  TreatMissingData?: TreatMissingData;
  Metrics?: MetricDataQuery[];
}

export interface CompositeAlarmConfig extends AlarmBase {
  AlarmRule: string;
}

interface StateFields {
  AlarmArn: string;
  AlarmConfigurationUpdatedTimestamp: number;
  StateValue: AlarmState;
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: number;
  StateTransitionedTimestamp: number;
}

export type MetricAlarm = MetricAlarmConfig & StateFields & { type: 'MetricAlarm' };
export type CompositeAlarm = CompositeAlarmConfig & StateFields & { type: 'CompositeAlarm'; rule: RuleNode };
export type Alarm = MetricAlarm | CompositeAlarm;

export type HistoryItemType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';

export interface HistoryItem {
  AlarmName: string;
  AlarmType: 'MetricAlarm' | 'CompositeAlarm';
  Timestamp: number;
  HistoryItemType: HistoryItemType;
  HistorySummary: string;
  HistoryData: string;
}

/** CloudWatch keeps alarm history for two weeks. */
const HISTORY_MS = 14 * 24 * 3600_000;

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `Monday 23 November, 2026 13:40:00 UTC`, the time in a composite alarm's reason. */
function longTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
}

export function alarmArn(name: string): string {
  return `arn:aws:cloudwatch:${SANDBOX_REGION}:${SANDBOX_ACCOUNT_ID}:alarm:${name}`;
}

/** The configuration of an alarm as history data shows it (camelCase, as CloudWatch writes it). */
function configurationData(alarm: Alarm): Record<string, unknown> {
  const { type, rule: _rule, ...fields } = alarm as Alarm & { rule?: unknown };
  const out: Record<string, unknown> = { type };
  for (const [k, v] of Object.entries(fields)) {
    if (k.startsWith('State') || v === undefined) continue;
    out[k[0].toLowerCase() + k.slice(1)] = k.endsWith('Timestamp') ? reasonDataTime(v as number) : v;
  }
  return out;
}

export class Alarms {
  private readonly alarms = new Map<string, Alarm>();
  private history: HistoryItem[] = [];

  constructor(
    private readonly metrics: MetricStore,
    private readonly now: () => number,
  ) {}

  get(name: string): Alarm | undefined {
    return this.alarms.get(name);
  }

  all(): Alarm[] {
    return [...this.alarms.values()];
  }

  historyItems(): HistoryItem[] {
    return this.history;
  }

  putMetricAlarm(config: MetricAlarmConfig): void {
    this.put({ ...config, type: 'MetricAlarm' });
  }

  putCompositeAlarm(config: CompositeAlarmConfig): void {
    this.put({ ...config, type: 'CompositeAlarm', rule: parseAlarmRule(config.AlarmRule) });
  }

  private put(config: (MetricAlarmConfig & { type: 'MetricAlarm' }) | (CompositeAlarmConfig & { type: 'CompositeAlarm'; rule: RuleNode })): void {
    const now = this.now();
    const existing = this.alarms.get(config.AlarmName);
    const state: StateFields = existing
      ? { ...pickState(existing), AlarmConfigurationUpdatedTimestamp: now }
      : {
          AlarmArn: alarmArn(config.AlarmName),
          AlarmConfigurationUpdatedTimestamp: now,
          StateValue: 'INSUFFICIENT_DATA',
          StateReason: 'Unchecked: Initial alarm creation',
          StateUpdatedTimestamp: now,
          StateTransitionedTimestamp: now,
        };
    const alarm = { ...config, ...state } as Alarm;
    this.alarms.set(config.AlarmName, alarm);
    const data = existing
      ? { version: '1.0', type: 'Update', originalAlarm: configurationData(existing), updatedAlarm: configurationData(alarm) }
      : { version: '1.0', type: 'Create', createdAlarm: configurationData(alarm) };
    this.record(alarm, 'ConfigurationUpdate', `Alarm "${alarm.AlarmName}" ${existing ? 'updated' : 'created'}`, data);
  }

  /** Deletes the named alarms; returns the names that do not exist (nothing is deleted then). */
  delete(names: string[]): string[] {
    const missing = names.filter((n) => !this.alarms.has(n));
    if (missing.length) return missing;
    for (const name of names) {
      const alarm = this.alarms.get(name)!;
      this.alarms.delete(name);
      this.record(alarm, 'ConfigurationUpdate', `Alarm "${name}" deleted`, { version: '1.0', type: 'Delete', deletedAlarm: configurationData(alarm) });
    }
    return [];
  }

  /** SetAlarmState: the state holds until the next evaluation. */
  setState(name: string, state: AlarmState, reason: string, reasonData?: string): boolean {
    const alarm = this.alarms.get(name);
    if (!alarm) return false;
    this.transition(alarm, state, reason, reasonData);
    return true;
  }

  /** Evaluates the metric alarms whose period ends now (and all composite alarms after them). */
  evaluate(): void {
    const now = this.now();
    for (const alarm of this.alarms.values()) {
      if (alarm.type !== 'MetricAlarm') continue;
      const periodMs = alarmPeriod(alarm) * 1000;
      // Alarms are evaluated once a minute, high-resolution ones every period.
      const cadence = Math.min(periodMs, 60_000);
      if (now % cadence >= 10_000) continue;
      this.evaluateMetric(alarm, now);
    }
    this.evaluateComposites(now);
    const cutoff = now - HISTORY_MS;
    if (this.history.length && this.history[0].Timestamp < cutoff) this.history = this.history.filter((h) => h.Timestamp >= cutoff);
  }

  private evaluateMetric(alarm: MetricAlarm, now: number): void {
    const period = alarmPeriod(alarm);
    const periodMs = period * 1000;
    const end = Math.floor(now / periodMs) * periodMs;
    const n = alarm.EvaluationPeriods;
    const periodStarts = Array.from({ length: n }, (_, i) => end - (n - i) * periodMs);
    const start = periodStarts[0];
    let datapoints;
    if (alarm.Metrics?.length) {
      const results = runQueries(this.metrics, alarm.Metrics, start, end);
      const returned = results.find((r, i) => alarm.Metrics![i].ReturnData !== false) ?? results[0];
      datapoints = returned.timestamps.map((t, i) => ({ timestamp: t, value: returned.values[i], sampleCount: 1 }));
    } else {
      const stat = alarm.Statistic ?? alarm.ExtendedStatistic!;
      datapoints = this.metrics.query(metricIdOf(alarm), stat, periodMs, start, end);
    }
    const result = evaluateMetricAlarm({
      rule: {
        comparisonOperator: alarm.ComparisonOperator,
        threshold: alarm.Threshold,
        evaluationPeriods: n,
        datapointsToAlarm: alarm.DatapointsToAlarm ?? n,
        treatMissingData: alarm.TreatMissingData ?? 'missing',
        statistic: alarm.Statistic ?? alarm.ExtendedStatistic,
        period,
      },
      periodStarts,
      datapoints,
      current: alarm.StateValue,
      now,
    });
    if (result && result.state !== alarm.StateValue) this.transition(alarm, result.state, result.reason, result.reasonData);
  }

  private evaluateComposites(now: number): void {
    // Composites may name composites: settle them until nothing changes (bounded by their count).
    const composites = this.all().filter((a): a is CompositeAlarm => a.type === 'CompositeAlarm');
    for (let round = 0; round <= composites.length; round++) {
      let changed = false;
      for (const alarm of composites) {
        const children = ruleChildren(alarm.rule).map((name) => this.alarms.get(name));
        const state: AlarmState = evaluateRule(alarm.rule, (name) => this.alarms.get(name)?.StateValue) ? 'ALARM' : 'OK';
        if (state === alarm.StateValue) continue;
        const known = children.filter((c): c is Alarm => c !== undefined);
        const trigger = [...known].sort((a, b) => b.StateTransitionedTimestamp - a.StateTransitionedTimestamp)[0];
        const triggering = known.filter((c) => (state === 'ALARM' ? c.StateValue === 'ALARM' : c === trigger));
        const reason = trigger
          ? `${trigger.AlarmArn} transitioned to ${trigger.StateValue} at ${longTime(trigger.StateTransitionedTimestamp)}`
          : `${alarm.AlarmRule} evaluated to ${state === 'ALARM' ? 'TRUE' : 'FALSE'}`;
        const reasonData = JSON.stringify({
          triggeringAlarms: triggering.map((c) => ({ arn: c.AlarmArn, state: { value: c.StateValue, timestamp: reasonDataTime(c.StateTransitionedTimestamp) } })),
        });
        this.transition(alarm, state, reason, reasonData, now);
        changed = true;
      }
      if (!changed) break;
    }
  }

  private transition(alarm: Alarm, state: AlarmState, reason: string, reasonData?: string, now = this.now()): void {
    const old = { stateValue: alarm.StateValue, stateReason: alarm.StateReason };
    const changed = state !== alarm.StateValue;
    alarm.StateValue = state;
    alarm.StateReason = reason;
    alarm.StateReasonData = reasonData;
    alarm.StateUpdatedTimestamp = now;
    if (changed) alarm.StateTransitionedTimestamp = now;
    let parsed: unknown;
    try {
      parsed = reasonData ? JSON.parse(reasonData) : undefined;
    } catch {
      parsed = undefined;
    }
    this.record(alarm, 'StateUpdate', `Alarm updated from ${old.stateValue} to ${state}`, {
      version: '1.0',
      oldState: old,
      newState: { stateValue: state, stateReason: reason, ...(parsed ? { stateReasonData: parsed } : {}) },
    });
    if (!changed || !alarm.ActionsEnabled) return;
    const actions = state === 'ALARM' ? alarm.AlarmActions : state === 'OK' ? alarm.OKActions : alarm.InsufficientDataActions;
    for (const arn of actions) {
      // The sandbox has no SNS, Auto Scaling or EC2 to deliver to: the action fails as CloudWatch records it.
      this.record(alarm, 'Action', `Failed to execute action ${arn}. Received error: "Resource: ${arn} does not exist"`, {
        actionState: 'Failed',
        notificationResource: arn,
        stateUpdateTimestamp: now,
        error: `Resource: ${arn} does not exist`,
      });
    }
  }

  private record(alarm: Alarm, type: HistoryItemType, summary: string, data: unknown): void {
    this.history.push({ AlarmName: alarm.AlarmName, AlarmType: alarm.type, Timestamp: this.now(), HistoryItemType: type, HistorySummary: summary, HistoryData: JSON.stringify(data) });
  }

  /** Names of the composite alarms whose rule names `name`. */
  parentsOf(name: string): CompositeAlarm[] {
    return this.all().filter((a): a is CompositeAlarm => a.type === 'CompositeAlarm' && ruleChildren(a.rule).includes(alarmNameOf(name)));
  }
}

function pickState(a: Alarm): StateFields {
  return {
    AlarmArn: a.AlarmArn,
    AlarmConfigurationUpdatedTimestamp: a.AlarmConfigurationUpdatedTimestamp,
    StateValue: a.StateValue,
    StateReason: a.StateReason,
    StateReasonData: a.StateReasonData,
    StateUpdatedTimestamp: a.StateUpdatedTimestamp,
    StateTransitionedTimestamp: a.StateTransitionedTimestamp,
  };
}

/** An alarm's period in seconds: its own, or its returned query's for metric math. */
export function alarmPeriod(alarm: MetricAlarmConfig): number {
  if (alarm.Period) return alarm.Period;
  const stats = (alarm.Metrics ?? []).map((q) => q.MetricStat?.Period ?? q.Period).filter((p): p is number => !!p);
  return stats.length ? Math.min(...stats) : 60;
}
