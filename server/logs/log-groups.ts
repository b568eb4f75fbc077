import 'server-only';
import {
  DeleteMetricFilterCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  GetLogRecordCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  type LogGroup as AwsLogGroup,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch-logs';
import { logsClient } from '../aws/clients';
import { awsConsoleError } from '../aws/errors';
import { consoleErrors } from '../errors';
import { containerInsightsGroups } from '@/lib/logs/log-group-names';
import { messageNamespace, NAMESPACE_FIELD, type LogAccess } from '@/lib/logs/restrict';

/** Groups the picker offers. */
export const MAX_LOG_GROUPS = 50;

export interface LogGroupRow {
  name: string;
  retentionInDays: number | null;
  /** Only for a cluster-wide reader: the group's size counts every namespace's records. */
  storedBytes?: number;
  metricFilterCount: number;
  createdAt?: string;
  /** One of the selected cluster's Container Insights groups. */
  containerInsights: boolean;
}

export interface MetricFilterRow {
  name: string;
  pattern: string;
  metricTransformations: { metricName: string; metricNamespace: string; metricValue: string; defaultValue?: number; unit?: StandardUnit }[];
}

function row(g: AwsLogGroup, prefix: string, access: LogAccess): LogGroupRow {
  return {
    name: g.logGroupName ?? '',
    retentionInDays: g.retentionInDays ?? null,
    ...(access.clusterWide ? { storedBytes: g.storedBytes ?? 0 } : {}),
    metricFilterCount: g.metricFilterCount ?? 0,
    ...(g.creationTime ? { createdAt: new Date(g.creationTime).toISOString() } : {}),
    containerInsights: (g.logGroupName ?? '').startsWith(prefix),
  };
}

async function describe(prefix: string | undefined, limit: number): Promise<AwsLogGroup[]> {
  const out: AwsLogGroup[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logsClient().send(new DescribeLogGroupsCommand({ ...(prefix ? { logGroupNamePrefix: prefix } : {}), limit: 50, nextToken }));
    out.push(...(page.logGroups ?? []));
    nextToken = page.nextToken;
  } while (nextToken && out.length < limit);
  return out.slice(0, limit);
}

/**
 * The log groups the caller may pick: the cluster's Container Insights groups first, then the
 * account's others up to MAX_LOG_GROUPS; a restricted reader gets only the container log group.
 */
export async function listLogGroups(context: string, access: LogAccess): Promise<LogGroupRow[]> {
  const { prefix, application } = containerInsightsGroups(context);
  const ours = (await describe(prefix, MAX_LOG_GROUPS)).map((g) => row(g, prefix, access));
  if (!access.clusterWide) return ours.filter((g) => g.name === application);
  const others = (await describe(undefined, MAX_LOG_GROUPS + ours.length)).map((g) => row(g, prefix, access)).filter((g) => !g.containerInsights);
  return [...ours, ...others].slice(0, MAX_LOG_GROUPS);
}

export async function metricFilters(logGroupName: string): Promise<MetricFilterRow[]> {
  const out: MetricFilterRow[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logsClient().send(new DescribeMetricFiltersCommand({ logGroupName, nextToken }));
    for (const f of page.metricFilters ?? []) {
      out.push({
        name: f.filterName ?? '',
        pattern: f.filterPattern ?? '',
        metricTransformations: (f.metricTransformations ?? []).map((t) => ({
          metricName: t.metricName ?? '',
          metricNamespace: t.metricNamespace ?? '',
          metricValue: t.metricValue ?? '',
          ...(t.defaultValue !== undefined ? { defaultValue: t.defaultValue } : {}),
          ...(t.unit ? { unit: t.unit } : {}),
        })),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** Sets (PutRetentionPolicy) or removes (DeleteRetentionPolicy, never expire) a group's retention. */
export async function setRetention(logGroupName: string, retentionInDays: number | null): Promise<void> {
  if (retentionInDays === null) await logsClient().send(new DeleteRetentionPolicyCommand({ logGroupName }));
  else await logsClient().send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays }));
}

export async function putMetricFilter(logGroupName: string, filter: MetricFilterRow): Promise<void> {
  await logsClient().send(new PutMetricFilterCommand({ logGroupName, filterName: filter.name, filterPattern: filter.pattern, metricTransformations: filter.metricTransformations }));
}

export async function deleteMetricFilter(logGroupName: string, filterName: string): Promise<void> {
  await logsClient().send(new DeleteMetricFilterCommand({ logGroupName, filterName }));
}

/** The service's answers to a pointer that names no record it has (or none at all). */
const NO_RECORD = new Set(['ResourceNotFoundException', 'InvalidParameterException']);

/**
 * The full record behind a result's @ptr (GetLogRecord). For a restricted reader the record must
 * be a container record of one of their namespaces in the cluster's container log group; any
 * other, and a pointer to no record, get the same 404, so the answer does not tell them apart.
 */
export async function logRecord(ptr: string, context: string, access: LogAccess): Promise<Record<string, string>> {
  if (access.clusterWide) return (await logsClient().send(new GetLogRecordCommand({ logRecordPointer: ptr }))).logRecord ?? {};
  const notYours = () => consoleErrors.notFound('no log record with this pointer among your namespaces’ records');
  let record: Record<string, string>;
  try {
    record = (await logsClient().send(new GetLogRecordCommand({ logRecordPointer: ptr }))).logRecord ?? {};
  } catch (err) {
    if (NO_RECORD.has(awsConsoleError(err)?.aws?.name ?? '')) throw notYours();
    throw err;
  }
  const group = (record['@log'] ?? '').replace(/^\d{12}:/, '');
  // The discovered field and the message's own nesting must both name an allowed namespace.
  const namespaces = [record[NAMESPACE_FIELD], messageNamespace(record['@message'] ?? '')];
  const inGroup = group === containerInsightsGroups(context).application;
  if (!inGroup || namespaces[1] === undefined || !namespaces.every((n) => n === undefined || access.namespaces.includes(n))) throw notYours();
  return record;
}
