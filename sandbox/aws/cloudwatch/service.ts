/**
 * The sandbox's CloudWatch (awsJson1_0, `GraniteServiceVersion20100801.<Operation>`, and the
 * AWS query protocol, `Action=<Operation>&Version=2010-08-01`): metric alarms and composite
 * alarms with their history, metric data and metric math, metrics, and dashboards. JSON errors
 * carry the awsQuery code in `x-amzn-query-error` as CloudWatch sends it.
 */
import { AwsError, type AwsCall, type AwsService } from '../server';
import { Alarms, type Alarm, type CompositeAlarmConfig, type MetricAlarmConfig } from './alarms';
import { ruleChildren, RuleError } from './composite-rule';
import { dashboardArn, Dashboards, validateDashboardBody, validateDashboardName } from './dashboards';
import { COMPARISON_OPERATORS, TREAT_MISSING_DATA, type AlarmState } from './evaluation';
import { invalid, metricIdOf, runQueries, validateQueries, type MetricDataQuery, type WireDimension } from './metric-data';
import type { MetricStore } from './metric-store';
import { CLOUDWATCH_QUERY } from './query-shapes';
import { BASIC_STATISTICS, isStatistic } from './statistics';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801';

type Input = Record<string, unknown>;

const missingParameter = (name: string) => new AwsError('MissingRequiredParameterException', `The parameter ${name} is required.`, 400, {}, 'MissingParameter');
const notFound = (message: string) => new AwsError('ResourceNotFound', message, 404, {}, 'ResourceNotFound');

/** Epoch seconds (the JSON protocols' timestamps) or an ISO string → ms. */
function time(value: unknown, name: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw invalid(`The value ${String(value)} for parameter ${name} is not a valid timestamp.`);
}

const seconds = (ms: number) => ms / 1000;

function str(input: Input, name: string, required: true): string;
function str(input: Input, name: string, required?: false): string | undefined;
function str(input: Input, name: string, required = false): string | undefined {
  const v = input[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw missingParameter(name);
    return undefined;
  }
  if (typeof v !== 'string') throw invalid(`The value for parameter ${name} must be a string.`);
  return v;
}

function strings(input: Input, name: string, max = 100): string[] {
  const v = input[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw invalid(`The parameter ${name} must be a list of strings.`);
  if (v.length > max) throw invalid(`The collection ${name} must not have a size greater than ${max}.`);
  return v as string[];
}

function num(input: Input, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`The value ${String(v)} for parameter ${name} is not a number.`);
  return v;
}

function dimensions(value: unknown, name = 'Dimensions'): WireDimension[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`The parameter ${name} must be a list.`);
  if (value.length > 30) throw invalid(`The collection ${name} must not have a size greater than 30.`);
  return value.map((d, i) => {
    if (!d || typeof d.Name !== 'string' || !d.Name || typeof d.Value !== 'string' || !d.Value) {
      throw invalid(`The value for parameter ${name}.member.${i + 1} must have a non-empty Name and Value.`);
    }
    return { Name: d.Name, Value: d.Value };
  });
}

/** Pagination tokens: the offset into the sorted result, opaque to callers. */
function page<T>(items: T[], token: unknown, max: number): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined && token !== null) {
    const decoded = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^o:/, '')) : NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw new AwsError('InvalidNextToken', 'The service returned an invalid NextToken.', 400, {}, 'InvalidNextToken');
    start = decoded;
  }
  const slice = items.slice(start, start + max);
  const end = start + slice.length;
  return { items: slice, ...(end < items.length ? { next: Buffer.from(`o:${end}`).toString('base64url') } : {}) };
}

function maxRecords(input: Input, name: string, def: number, max: number): number {
  const v = num(input, name);
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < 1 || v > max) throw invalid(`The value ${v} for parameter ${name} is invalid. It must be between 1 and ${max}.`);
  return v;
}

function actions(input: Input): Pick<MetricAlarmConfig, 'ActionsEnabled' | 'OKActions' | 'AlarmActions' | 'InsufficientDataActions'> {
  const enabled = input.ActionsEnabled;
  if (enabled !== undefined && typeof enabled !== 'boolean') throw invalid('The value for parameter ActionsEnabled must be a boolean.');
  return {
    ActionsEnabled: enabled ?? true,
    OKActions: strings(input, 'OKActions', 5),
    AlarmActions: strings(input, 'AlarmActions', 5),
    InsufficientDataActions: strings(input, 'InsufficientDataActions', 5),
  };
}

function alarmName(input: Input): string {
  const name = str(input, 'AlarmName', true);
  if (name.length > 255) throw invalid('The value for parameter AlarmName must be at most 255 characters.');
  return name;
}

export function metricAlarmConfig(input: Input): MetricAlarmConfig {
  const name = alarmName(input);
  const evaluationPeriods = num(input, 'EvaluationPeriods');
  if (evaluationPeriods === undefined) throw missingParameter('EvaluationPeriods');
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) throw invalid(`The value ${evaluationPeriods} for parameter EvaluationPeriods is invalid. It must be at least 1.`);
  const op = str(input, 'ComparisonOperator', true);
  if (!(COMPARISON_OPERATORS as readonly string[]).includes(op)) {
    throw invalid(`The value ${op} for parameter ComparisonOperator is invalid. Valid values are ${COMPARISON_OPERATORS.join(', ')}.`);
  }
  const threshold = num(input, 'Threshold');
  if (threshold === undefined) throw missingParameter('Threshold');
  const datapointsToAlarm = num(input, 'DatapointsToAlarm');
  if (datapointsToAlarm !== undefined && (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)) {
    throw invalid('DatapointsToAlarm must be between 1 and EvaluationPeriods.');
  }
  const treat = str(input, 'TreatMissingData');
  if (treat !== undefined && !(TREAT_MISSING_DATA as readonly string[]).includes(treat)) {
    throw invalid(`The value ${treat} for parameter TreatMissingData is invalid. Valid values are ${TREAT_MISSING_DATA.join(', ')}.`);
  }
  const metrics = input.Metrics as MetricDataQuery[] | undefined;
  const statistic = str(input, 'Statistic');
  const extended = str(input, 'ExtendedStatistic');
  const period = num(input, 'Period');
  const single = input.MetricName !== undefined || input.Namespace !== undefined;
  if (metrics !== undefined) {
    if (single || statistic || extended || period !== undefined) {
      throw new AwsError(
        'InvalidParameterCombinationException',
        'Metrics cannot be set together with MetricName, Namespace, Statistic, ExtendedStatistic or Period.',
        400,
        {},
        'InvalidParameterCombination',
      );
    }
    validateQueries(metrics, 'Metrics');
    if (metrics.filter((q) => q.ReturnData !== false).length !== 1) throw invalid('Exactly one element of the Metrics list must have ReturnData set to true.');
  } else {
    str(input, 'MetricName', true);
    str(input, 'Namespace', true);
    if (!statistic === !extended)
      throw new AwsError('InvalidParameterCombinationException', 'Exactly one of Statistic and ExtendedStatistic must be specified.', 400, {}, 'InvalidParameterCombination');
    if (statistic && !(BASIC_STATISTICS as readonly string[]).includes(statistic))
      throw invalid(`The value ${statistic} for parameter Statistic is invalid. Valid values are ${BASIC_STATISTICS.join(', ')}.`);
    if (extended && (!isStatistic(extended) || !extended.startsWith('p'))) throw invalid(`The value ${extended} for parameter ExtendedStatistic is invalid.`);
    if (period === undefined) throw missingParameter('Period');
    if (!Number.isInteger(period) || (period >= 60 ? period % 60 !== 0 : ![10, 30].includes(period))) {
      throw invalid(`The value ${period} for parameter Period is invalid. Valid values are 10, 30 and any multiple of 60.`);
    }
    if (period * evaluationPeriods > 7 * 24 * 3600) throw invalid('The evaluation period (Period × EvaluationPeriods) must not exceed one week.');
  }
  return {
    AlarmName: name,
    AlarmDescription: str(input, 'AlarmDescription'),
    ...actions(input),
    MetricName: str(input, 'MetricName'),
    Namespace: str(input, 'Namespace'),
    Statistic: statistic,
    ExtendedStatistic: extended,
    Dimensions: dimensions(input.Dimensions),
    Period: period,
    Unit: str(input, 'Unit'),
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: datapointsToAlarm,
    Threshold: threshold,
    ComparisonOperator: op as MetricAlarmConfig['ComparisonOperator'],
    TreatMissingData: treat as MetricAlarmConfig['TreatMissingData'],
    Metrics: metrics,
  };
}

export function compositeAlarmConfig(input: Input): CompositeAlarmConfig {
  return { AlarmName: alarmName(input), AlarmDescription: str(input, 'AlarmDescription'), ...actions(input), AlarmRule: str(input, 'AlarmRule', true) };
}

function wireAlarm(a: Alarm): Record<string, unknown> {
  const common = {
    AlarmName: a.AlarmName,
    AlarmArn: a.AlarmArn,
    ...(a.AlarmDescription !== undefined ? { AlarmDescription: a.AlarmDescription } : {}),
    AlarmConfigurationUpdatedTimestamp: seconds(a.AlarmConfigurationUpdatedTimestamp),
    ActionsEnabled: a.ActionsEnabled,
    OKActions: a.OKActions,
    AlarmActions: a.AlarmActions,
    InsufficientDataActions: a.InsufficientDataActions,
    StateValue: a.StateValue,
    StateReason: a.StateReason,
    ...(a.StateReasonData ? { StateReasonData: a.StateReasonData } : {}),
    StateUpdatedTimestamp: seconds(a.StateUpdatedTimestamp),
    StateTransitionedTimestamp: seconds(a.StateTransitionedTimestamp),
  };
  if (a.type === 'CompositeAlarm') return { ...common, AlarmRule: a.AlarmRule };
  const { type: _t, AlarmName: _n, AlarmDescription: _d, ActionsEnabled: _e, OKActions: _o, AlarmActions: _a, InsufficientDataActions: _i, ...rest } = a;
  const config = Object.fromEntries(Object.entries(rest).filter(([k, v]) => v !== undefined && !(k in common)));
  return { ...common, ...config, ...(a.Metrics ? {} : { Dimensions: a.Dimensions }) };
}

export function createCloudWatchService(store: MetricStore, alarms: Alarms, dashboards: Dashboards, now: () => number): AwsService {
  const operations: Record<string, (input: Input) => unknown> = {
    PutMetricData(input) {
      const namespace = str(input, 'Namespace', true);
      if (namespace.startsWith('AWS/')) throw invalid('The value AWS/ for parameter Namespace is invalid.');
      const data = input.MetricData;
      if (!Array.isArray(data) || data.length === 0) throw missingParameter('MetricData');
      if (data.length > 1000) throw invalid('The collection MetricData must not have a size greater than 1000.');
      data.forEach((d: Input, i) => {
        const path = `MetricData.member.${i + 1}`;
        const metricName = str(d, 'MetricName');
        if (!metricName) throw missingParameter(`${path}.MetricName`);
        const dims = dimensions(d.Dimensions, `${path}.Dimensions`);
        const at = d.Timestamp === undefined ? now() : time(d.Timestamp, `${path}.Timestamp`);
        const datum = { namespace, metricName, dimensions: metricIdOf({ Dimensions: dims }).dimensions, timestamp: new Date(at), unit: str(d, 'Unit') };
        if (Array.isArray(d.Values)) {
          const counts = Array.isArray(d.Counts) ? (d.Counts as number[]) : [];
          d.Values.forEach((v: number, j: number) => {
            for (let c = 0; c < (counts[j] ?? 1); c++) store.put({ ...datum, value: v });
          });
        } else if (d.StatisticValues && typeof d.StatisticValues === 'object') {
          const s = d.StatisticValues as { SampleCount: number; Sum: number };
          // A statistic set becomes SampleCount samples of its average (Sum and Average stay exact).
          for (let c = 0; c < s.SampleCount; c++) store.put({ ...datum, value: s.Sum / s.SampleCount });
        } else {
          const value = num(d, 'Value');
          if (value === undefined) throw missingParameter(`${path}.Value`);
          store.put({ ...datum, value });
        }
      });
      return {};
    },

    ListMetrics(input) {
      const namespace = str(input, 'Namespace');
      const metricName = str(input, 'MetricName');
      const filters = (Array.isArray(input.Dimensions) ? input.Dimensions : []) as { Name: string; Value?: string }[];
      const recently = str(input, 'RecentlyActive');
      if (recently !== undefined && recently !== 'PT3H') throw invalid(`The value ${recently} for parameter RecentlyActive is invalid. Valid value is PT3H.`);
      const metrics = store
        .list(recently ? now() - 3 * 3600_000 : undefined)
        .filter((m) => (!namespace || m.namespace === namespace) && (!metricName || m.metricName === metricName))
        .filter((m) => filters.every((f) => f.Name in m.dimensions && (f.Value === undefined || m.dimensions[f.Name] === f.Value)))
        .sort((a, b) => `${a.namespace} ${a.metricName}`.localeCompare(`${b.namespace} ${b.metricName}`));
      const { items, next } = page(metrics, input.NextToken, 500);
      return {
        Metrics: items.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })) })),
        ...(next ? { NextToken: next } : {}),
      };
    },

    GetMetricData(input) {
      const queries = input.MetricDataQueries as MetricDataQuery[];
      if (queries === undefined) throw missingParameter('MetricDataQueries');
      if (input.StartTime === undefined) throw missingParameter('StartTime');
      if (input.EndTime === undefined) throw missingParameter('EndTime');
      const start = time(input.StartTime, 'StartTime');
      const end = time(input.EndTime, 'EndTime');
      if (end <= start) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
      validateQueries(queries);
      const scanBy = str(input, 'ScanBy') ?? 'TimestampDescending';
      if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') throw invalid(`The value ${scanBy} for parameter ScanBy is invalid.`);
      const max = num(input, 'MaxDatapoints') ?? 100_800;
      const results = runQueries(store, queries, start, end).filter((_, i) => queries[i].ReturnData !== false);
      const total = results.reduce((n, r) => n + r.timestamps.length, 0);
      if (total > max) throw invalid(`The query would return ${total} datapoints, more than MaxDatapoints (${max}); use a longer period or a shorter range.`);
      return {
        MetricDataResults: results.map((r) => {
          const order = r.timestamps.map((_, i) => i);
          if (scanBy === 'TimestampDescending') order.reverse();
          return { Id: r.Id, Label: r.Label, Timestamps: order.map((i) => seconds(r.timestamps[i])), Values: order.map((i) => r.values[i]), StatusCode: 'Complete' };
        }),
        Messages: [],
      };
    },

    PutMetricAlarm(input) {
      const config = metricAlarmConfig(input);
      if (alarms.get(config.AlarmName)?.type === 'CompositeAlarm') throw invalid(`The alarm ${config.AlarmName} is a composite alarm.`);
      alarms.putMetricAlarm(config);
      return {};
    },

    PutCompositeAlarm(input) {
      const config = compositeAlarmConfig(input);
      if (alarms.get(config.AlarmName)?.type === 'MetricAlarm') throw invalid(`The alarm ${config.AlarmName} is a metric alarm.`);
      try {
        alarms.putCompositeAlarm(config);
      } catch (err) {
        if (err instanceof RuleError) throw invalid(err.message);
        throw err;
      }
      return {};
    },

    DeleteAlarms(input) {
      const names = strings(input, 'AlarmNames');
      if (names.length === 0) throw missingParameter('AlarmNames');
      const missing = alarms.delete(names);
      if (missing.length) throw notFound(`${missing.length === 1 ? 'Alarm' : 'Alarms'} ${missing.join(', ')} not found`);
      return {};
    },

    SetAlarmState(input) {
      const name = alarmName(input);
      const state = str(input, 'StateValue', true);
      if (!['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(state)) throw invalid(`The value ${state} for parameter StateValue is invalid. Valid values are OK, ALARM, INSUFFICIENT_DATA.`);
      const reason = str(input, 'StateReason', true);
      const reasonData = str(input, 'StateReasonData');
      if (reasonData !== undefined) {
        try {
          JSON.parse(reasonData);
        } catch {
          throw new AwsError('InvalidFormatFault', 'The StateReasonData is not valid JSON.', 400, {}, 'InvalidFormat');
        }
      }
      if (!alarms.setState(name, state as AlarmState, reason, reasonData)) throw notFound(`Alarm ${name} not found`);
      return {};
    },

    DescribeAlarms(input) {
      const names = strings(input, 'AlarmNames');
      const prefix = str(input, 'AlarmNamePrefix');
      if (names.length && prefix) throw new AwsError('InvalidParameterCombinationException', 'AlarmNames and AlarmNamePrefix cannot be specified together.', 400, {}, 'InvalidParameterCombination');
      const types = strings(input, 'AlarmTypes');
      const children = str(input, 'ChildrenOfAlarmName');
      const parents = str(input, 'ParentsOfAlarmName');
      const state = str(input, 'StateValue');
      const actionPrefix = str(input, 'ActionPrefix');
      // Without AlarmTypes, CloudWatch returns metric alarms only; children and parents come whatever their type.
      const wanted = new Set(types.length && !children && !parents ? types : children || parents ? ['MetricAlarm', 'CompositeAlarm'] : ['MetricAlarm']);
      let selected = alarms.all();
      if (children) {
        const parent = alarms.get(children);
        const names = parent?.type === 'CompositeAlarm' ? new Set(ruleChildren(parent.rule)) : new Set<string>();
        selected = selected.filter((a) => names.has(a.AlarmName));
      } else if (parents) {
        const ps = new Set(alarms.parentsOf(parents).map((p) => p.AlarmName));
        selected = selected.filter((a) => ps.has(a.AlarmName));
      }
      selected = selected
        .filter((a) => wanted.has(a.type))
        .filter((a) => (!names.length || names.includes(a.AlarmName)) && (!prefix || a.AlarmName.startsWith(prefix)))
        .filter((a) => !state || a.StateValue === state)
        .filter((a) => !actionPrefix || a.AlarmActions.some((x) => x.startsWith(actionPrefix)))
        .sort((a, b) => a.AlarmName.localeCompare(b.AlarmName));
      const { items, next } = page(selected, input.NextToken, maxRecords(input, 'MaxRecords', 50, 100));
      return {
        MetricAlarms: items.filter((a) => a.type === 'MetricAlarm').map(wireAlarm),
        CompositeAlarms: items.filter((a) => a.type === 'CompositeAlarm').map(wireAlarm),
        ...(next ? { NextToken: next } : {}),
      };
    },

    DescribeAlarmHistory(input) {
      const name = str(input, 'AlarmName');
      const types = strings(input, 'AlarmTypes');
      const itemType = str(input, 'HistoryItemType');
      if (itemType && !['ConfigurationUpdate', 'StateUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'].includes(itemType)) {
        throw invalid(`The value ${itemType} for parameter HistoryItemType is invalid.`);
      }
      const start = input.StartDate !== undefined ? time(input.StartDate, 'StartDate') : undefined;
      const end = input.EndDate !== undefined ? time(input.EndDate, 'EndDate') : undefined;
      const scanBy = str(input, 'ScanBy') ?? 'TimestampDescending';
      const wanted = new Set(types.length ? types : ['MetricAlarm', 'CompositeAlarm']);
      const items = alarms
        .historyItems()
        .filter((h) => (!name || h.AlarmName === name) && wanted.has(h.AlarmType) && (!itemType || h.HistoryItemType === itemType))
        .filter((h) => (start === undefined || h.Timestamp >= start) && (end === undefined || h.Timestamp <= end));
      if (scanBy === 'TimestampDescending') items.reverse();
      const { items: out, next } = page(items, input.NextToken, maxRecords(input, 'MaxRecords', 100, 100));
      return { AlarmHistoryItems: out.map((h) => ({ ...h, Timestamp: seconds(h.Timestamp) })), ...(next ? { NextToken: next } : {}) };
    },

    PutDashboard(input) {
      const name = validateDashboardName(input.DashboardName);
      validateDashboardBody(input.DashboardBody);
      dashboards.put(name, input.DashboardBody as string);
      return { DashboardValidationMessages: [] };
    },

    GetDashboard(input) {
      const name = str(input, 'DashboardName', true);
      const d = dashboards.get(name);
      if (!d) throw new AwsError('DashboardNotFoundError', `Dashboard ${name} does not exist`, 404, {}, 'ResourceNotFound');
      return { DashboardArn: dashboardArn(d.name), DashboardBody: d.body, DashboardName: d.name };
    },

    ListDashboards(input) {
      const { items, next } = page(dashboards.list(str(input, 'DashboardNamePrefix')), input.NextToken, 1000);
      return {
        DashboardEntries: items.map((d) => ({ DashboardName: d.name, DashboardArn: dashboardArn(d.name), LastModified: seconds(d.lastModified), Size: Buffer.byteLength(d.body) })),
        ...(next ? { NextToken: next } : {}),
      };
    },

    DeleteDashboards(input) {
      const names = strings(input, 'DashboardNames', 1000);
      if (names.length === 0) throw missingParameter('DashboardNames');
      const missing = dashboards.delete(names);
      if (missing) throw new AwsError('DashboardNotFoundError', `Dashboard ${missing} does not exist`, 404, {}, 'ResourceNotFound');
      return {};
    },
  };

  return {
    targetPrefix: CLOUDWATCH_TARGET_PREFIX,
    jsonVersion: '1.0',
    query: CLOUDWATCH_QUERY,
    handle(call: AwsCall) {
      const op = operations[call.operation];
      if (!op) throw new AwsError('UnknownOperationException', `The operation ${call.operation} is not supported by this endpoint.`, 400);
      return op(call.input);
    },
  };
}
