/**
 * The default scenario's alarms: the seeds' ERROR metric filter's count, the busiest node's
 * CPU, failed nodes, backend-app's CPU in eks-work, sample-app's memory in rbac-test-ns, and
 * a composite over the first two for paging.
 */
import { SANDBOX_ACCOUNT_ID, SANDBOX_REGION } from '../server';
import type { Alarms } from './alarms';
import { CONTAINER_INSIGHTS } from './container-insights';

/** Where the seeds' metric filter on ERROR (the application log group, sandbox/aws/logs) publishes its count. */
export function errorMetric(clusterName: string) {
  return { namespace: `EKS/${clusterName}`, metricName: 'ApplicationErrorCount' };
}

const ONCALL_TOPIC = `arn:aws:sns:${SANDBOX_REGION}:${SANDBOX_ACCOUNT_ID}:eks-work-oncall`;

export function putScenarioAlarms(alarms: Alarms, clusterName: string): void {
  const errors = errorMetric(clusterName);
  const actions = { ActionsEnabled: true, AlarmActions: [ONCALL_TOPIC], OKActions: [ONCALL_TOPIC], InsufficientDataActions: [] };
  const cluster = { Name: 'ClusterName', Value: clusterName };
  alarms.putMetricAlarm({
    AlarmName: 'backend-app-error-count',
    AlarmDescription: 'An application container (backend-app) logged ERROR in the last 10 minutes: metric filter on the application log group',
    ...actions,
    Namespace: errors.namespace,
    MetricName: errors.metricName,
    Dimensions: [],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 10,
    DatapointsToAlarm: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
  alarms.putMetricAlarm({
    AlarmName: `${clusterName}-node-cpu-high`,
    AlarmDescription: `The busiest node of ${clusterName} above 30% CPU in 2 of the last 3 minutes`,
    ...actions,
    Namespace: CONTAINER_INSIGHTS,
    MetricName: 'node_cpu_utilization',
    Dimensions: [cluster],
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 30,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
  });
  alarms.putMetricAlarm({
    AlarmName: `${clusterName}-failed-nodes`,
    AlarmDescription: `A node of ${clusterName} is not Ready`,
    ...actions,
    Namespace: CONTAINER_INSIGHTS,
    MetricName: 'cluster_failed_node_count',
    Dimensions: [cluster],
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 2,
    DatapointsToAlarm: 2,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
  });
  alarms.putMetricAlarm({
    AlarmName: 'eks-work-backend-app-cpu',
    AlarmDescription: 'backend-app pods average above 10% of their node CPU for 5 minutes',
    ActionsEnabled: false,
    AlarmActions: [],
    OKActions: [],
    InsufficientDataActions: [],
    Namespace: CONTAINER_INSIGHTS,
    MetricName: 'pod_cpu_utilization',
    Dimensions: [cluster, { Name: 'Namespace', Value: 'eks-work' }, { Name: 'PodName', Value: 'backend-app' }],
    Statistic: 'Average',
    Period: 60,
    EvaluationPeriods: 5,
    Threshold: 10,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
  });
  alarms.putMetricAlarm({
    AlarmName: 'rbac-test-ns-sample-app-memory',
    AlarmDescription: 'sample-app pods above 50% of their node memory',
    ActionsEnabled: false,
    AlarmActions: [],
    OKActions: [],
    InsufficientDataActions: [],
    Namespace: CONTAINER_INSIGHTS,
    MetricName: 'pod_memory_utilization',
    Dimensions: [cluster, { Name: 'Namespace', Value: 'rbac-test-ns' }, { Name: 'PodName', Value: 'sample-app' }],
    Statistic: 'Maximum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 50,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
  });
  alarms.putCompositeAlarm({
    AlarmName: `${clusterName}-page-oncall`,
    AlarmDescription: 'Page on call: application errors or a node running hot',
    ...actions,
    AlarmRule: `ALARM("backend-app-error-count") OR ALARM("${clusterName}-node-cpu-high")`,
  });
}
