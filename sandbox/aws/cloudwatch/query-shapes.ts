/**
 * CloudWatch's shapes for the AWS query protocol, for the operations the sandbox serves: the
 * members, in order, of botocore's cloudwatch 2010-08-01 service-2.json (botocore 1.43.11),
 * whose metadata lists `"protocols": [..., "query"]` and names each output's resultWrapper
 * `<Operation>Result`.
 */
import { B, D, I, L, list, map, S, struct, T, type QueryProtocol } from '../query-protocol';

const DeleteAlarmsInput = struct({ AlarmNames: list(S) });
const DeleteDashboardsInput = struct({ DashboardNames: list(S) });
const DeleteDashboardsOutput = struct({});
const DescribeAlarmHistoryInput = struct({ AlarmName: S, AlarmContributorId: S, AlarmTypes: list(S), HistoryItemType: S, StartDate: T, EndDate: T, MaxRecords: I, NextToken: S, ScanBy: S });
const AlarmHistoryItem = struct({ AlarmName: S, AlarmContributorId: S, AlarmType: S, Timestamp: T, HistoryItemType: S, HistorySummary: S, HistoryData: S, AlarmContributorAttributes: map(S, S) });
const DescribeAlarmHistoryOutput = struct({ AlarmHistoryItems: list(AlarmHistoryItem), NextToken: S });
const DescribeAlarmsInput = struct({
  AlarmNames: list(S),
  AlarmNamePrefix: S,
  AlarmTypes: list(S),
  ChildrenOfAlarmName: S,
  ParentsOfAlarmName: S,
  StateValue: S,
  ActionPrefix: S,
  MaxRecords: I,
  NextToken: S,
});
const CompositeAlarm = struct({
  ActionsEnabled: B,
  AlarmActions: list(S),
  AlarmArn: S,
  AlarmConfigurationUpdatedTimestamp: T,
  AlarmDescription: S,
  AlarmName: S,
  AlarmRule: S,
  InsufficientDataActions: list(S),
  OKActions: list(S),
  StateReason: S,
  StateReasonData: S,
  StateUpdatedTimestamp: T,
  StateValue: S,
  StateTransitionedTimestamp: T,
  ActionsSuppressedBy: S,
  ActionsSuppressedReason: S,
  ActionsSuppressor: S,
  ActionsSuppressorWaitPeriod: I,
  ActionsSuppressorExtensionPeriod: I,
});
const Dimension = struct({ Name: S, Value: S });
const Metric = struct({ Namespace: S, MetricName: S, Dimensions: list(Dimension) });
const MetricStat = struct({ Metric: Metric, Period: I, Stat: S, Unit: S });
const MetricDataQuery = struct({ Id: S, MetricStat: MetricStat, Expression: S, Label: S, ReturnData: B, Period: I, AccountId: S });
const AlarmPromQLCriteria = struct({ Query: S, PendingPeriod: I, RecoveryPeriod: I });
const EvaluationCriteria = struct({ PromQLCriteria: AlarmPromQLCriteria });
/** The metric and threshold fields a MetricAlarm and PutMetricAlarm's input share, in botocore's order. */
const metricAlarmCondition = {
  MetricName: S,
  Namespace: S,
  Statistic: S,
  ExtendedStatistic: S,
  Dimensions: list(Dimension),
  Period: I,
  Unit: S,
  EvaluationPeriods: I,
  DatapointsToAlarm: I,
  Threshold: D,
  ComparisonOperator: S,
  TreatMissingData: S,
  EvaluateLowSampleCountPercentile: S,
  Metrics: list(MetricDataQuery),
};
const MetricAlarm = struct({
  AlarmName: S,
  AlarmArn: S,
  AlarmDescription: S,
  AlarmConfigurationUpdatedTimestamp: T,
  ActionsEnabled: B,
  OKActions: list(S),
  AlarmActions: list(S),
  InsufficientDataActions: list(S),
  StateValue: S,
  StateReason: S,
  StateReasonData: S,
  StateUpdatedTimestamp: T,
  ...metricAlarmCondition,
  ThresholdMetricId: S,
  EvaluationState: S,
  StateTransitionedTimestamp: T,
  EvaluationCriteria: EvaluationCriteria,
  EvaluationInterval: I,
});
const DescribeAlarmsOutput = struct({ CompositeAlarms: list(CompositeAlarm), MetricAlarms: list(MetricAlarm), NextToken: S });
const GetDashboardInput = struct({ DashboardName: S });
const GetDashboardOutput = struct({ DashboardArn: S, DashboardBody: S, DashboardName: S });
const LabelOptions = struct({ Timezone: S });
const GetMetricDataInput = struct({ MetricDataQueries: list(MetricDataQuery), StartTime: T, EndTime: T, NextToken: S, ScanBy: S, MaxDatapoints: I, LabelOptions: LabelOptions });
const MessageData = struct({ Code: S, Value: S });
const MetricDataResult = struct({ Id: S, Label: S, Timestamps: list(T), Values: list(D), StatusCode: S, Messages: list(MessageData) });
const GetMetricDataOutput = struct({ MetricDataResults: list(MetricDataResult), NextToken: S, Messages: list(MessageData) });
const ListDashboardsInput = struct({ DashboardNamePrefix: S, NextToken: S });
const DashboardEntry = struct({ DashboardName: S, DashboardArn: S, LastModified: T, Size: L });
const ListDashboardsOutput = struct({ DashboardEntries: list(DashboardEntry), NextToken: S });
const DimensionFilter = struct({ Name: S, Value: S });
const ListMetricsInput = struct({ Namespace: S, MetricName: S, Dimensions: list(DimensionFilter), NextToken: S, RecentlyActive: S, IncludeLinkedAccounts: B, OwningAccount: S });
const ListMetricsOutput = struct({ Metrics: list(Metric), NextToken: S, OwningAccounts: list(S) });
const Tag = struct({ Key: S, Value: S });
const PutCompositeAlarmInput = struct({
  ActionsEnabled: B,
  AlarmActions: list(S),
  AlarmDescription: S,
  AlarmName: S,
  AlarmRule: S,
  InsufficientDataActions: list(S),
  OKActions: list(S),
  Tags: list(Tag),
  ActionsSuppressor: S,
  ActionsSuppressorWaitPeriod: I,
  ActionsSuppressorExtensionPeriod: I,
});
const PutDashboardInput = struct({ DashboardName: S, DashboardBody: S, Tags: list(Tag) });
const DashboardValidationMessage = struct({ DataPath: S, Message: S });
const PutDashboardOutput = struct({ DashboardValidationMessages: list(DashboardValidationMessage) });
const PutMetricAlarmInput = struct({
  AlarmName: S,
  AlarmDescription: S,
  ActionsEnabled: B,
  OKActions: list(S),
  AlarmActions: list(S),
  InsufficientDataActions: list(S),
  ...metricAlarmCondition,
  Tags: list(Tag),
  ThresholdMetricId: S,
  EvaluationCriteria: EvaluationCriteria,
  EvaluationInterval: I,
});
const StatisticSet = struct({ SampleCount: D, Sum: D, Minimum: D, Maximum: D });
const MetricDatum = struct({ MetricName: S, Dimensions: list(Dimension), Timestamp: T, Value: D, StatisticValues: StatisticSet, Values: list(D), Counts: list(D), Unit: S, StorageResolution: I });
const Entity = struct({ KeyAttributes: map(S, S), Attributes: map(S, S) });
const EntityMetricData = struct({ Entity: Entity, MetricData: list(MetricDatum) });
const PutMetricDataInput = struct({ Namespace: S, MetricData: list(MetricDatum), EntityMetricData: list(EntityMetricData), StrictEntityValidation: B });
const SetAlarmStateInput = struct({ AlarmName: S, StateValue: S, StateReason: S, StateReasonData: S });

export const CLOUDWATCH_QUERY: QueryProtocol = {
  version: '2010-08-01',
  xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  operations: {
    DeleteAlarms: { input: DeleteAlarmsInput },
    DeleteDashboards: { input: DeleteDashboardsInput, output: DeleteDashboardsOutput },
    DescribeAlarmHistory: { input: DescribeAlarmHistoryInput, output: DescribeAlarmHistoryOutput },
    DescribeAlarms: { input: DescribeAlarmsInput, output: DescribeAlarmsOutput },
    GetDashboard: { input: GetDashboardInput, output: GetDashboardOutput },
    GetMetricData: { input: GetMetricDataInput, output: GetMetricDataOutput },
    ListDashboards: { input: ListDashboardsInput, output: ListDashboardsOutput },
    ListMetrics: { input: ListMetricsInput, output: ListMetricsOutput },
    PutCompositeAlarm: { input: PutCompositeAlarmInput },
    PutDashboard: { input: PutDashboardInput, output: PutDashboardOutput },
    PutMetricAlarm: { input: PutMetricAlarmInput },
    PutMetricData: { input: PutMetricDataInput },
    SetAlarmState: { input: SetAlarmStateInput },
  },
  errors: { DashboardInvalidInputError: struct({ dashboardValidationMessages: list(DashboardValidationMessage) }) },
};
