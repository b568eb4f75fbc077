/**
 * The sandbox's CloudWatch Logs (awsJson1_1, `Logs_20140328`): log groups,
 * streams and events, Logs Insights queries, query definitions, retention
 * and metric filters.
 */
import { randomUUID } from 'node:crypto';
import { discoverJson } from '@/lib/logs-insights';
import type { MetricSink } from '../metrics';
import { AwsError, SANDBOX_ACCOUNT_ID, type AwsCall, type AwsService } from '../server';
import { LogEventsApi } from './events';
import { getLogGroupFields } from './fields';
import { MetricFilters } from './metric-filters';
import { groupNameOf, invalid, LOG_GROUP_NAME, optionalBool, optionalInt, optionalString, optionalStrings, page, requiredInt, requiredString, requireGroup, type Input } from './params';
import { QueryEngine, type QueryEngineOptions } from './queries';
import { LogStore, RETENTION_DAYS, type LogGroup } from './store';

export interface LogsServiceOptions {
  /** The clock events and retention follow (the world's simulated time). */
  now?: () => number;
  /** Where metric filters publish their datapoints (the sandbox's CloudWatch). */
  metrics?: MetricSink;
  queries?: QueryEngineOptions;
  maxStreamEvents?: number;
  maxGroupBytes?: number;
}

interface QueryDefinition {
  queryDefinitionId: string;
  name: string;
  queryString: string;
  logGroupNames: string[];
  lastModified: number;
}

export interface LogsService extends AwsService {
  readonly store: LogStore;
  readonly queries: QueryEngine;
  readonly metricFilters: MetricFilters;
  close(): void;
}

function describeGroup(g: LogGroup) {
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: g.metricFilters.size,
    arn: `${g.arn}:*`,
    storedBytes: g.storedBytes,
    logGroupClass: 'STANDARD',
    logGroupArn: g.arn,
  };
}

export function createLogsService(options: LogsServiceOptions = {}): LogsService {
  const store = new LogStore({ now: options.now ?? Date.now, maxStreamEvents: options.maxStreamEvents, maxGroupBytes: options.maxGroupBytes });
  const queries = new QueryEngine(store, options.queries);
  const events = new LogEventsApi(store);
  const metricFilters = new MetricFilters(store, options.metrics);
  const definitions = new Map<string, QueryDefinition>();

  const operations: Record<string, (input: Input) => unknown> = {
    DescribeLogGroups(input) {
      const prefix = optionalString(input, 'logGroupNamePrefix', { min: 1, max: 512, pattern: LOG_GROUP_NAME });
      const pattern = optionalString(input, 'logGroupNamePattern', { min: 0, max: 512 });
      const identifiers = optionalStrings(input, 'logGroupIdentifiers', { min: 1, max: 50 });
      if (prefix !== undefined && pattern !== undefined) throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      const limit = optionalInt(input, 'limit', { min: 1, max: 50 }) ?? 50;
      const nextToken = optionalString(input, 'nextToken', { min: 1 });
      const wanted = identifiers ? new Set(identifiers.map(groupNameOf)) : null;
      const needle = pattern?.toLowerCase();
      const groups = [...store.groups.values()]
        .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (needle === undefined || g.name.toLowerCase().includes(needle)) && (!wanted || wanted.has(g.name)))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const p = page(groups, nextToken, limit);
      return { logGroups: p.items.map(describeGroup), ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },

    DescribeLogStreams(input) {
      const group = requireGroup(store, input);
      const prefix = optionalString(input, 'logStreamNamePrefix', { min: 1, max: 512 });
      const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
        throw invalid(`1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`);
      }
      if (orderBy === 'LastEventTime' && prefix !== undefined) throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
      const descending = optionalBool(input, 'descending') ?? false;
      const limit = optionalInt(input, 'limit', { min: 1, max: 50 }) ?? 50;
      const nextToken = optionalString(input, 'nextToken', { min: 1 });
      const streams = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
      streams.sort((a, b) => (orderBy === 'LogStreamName' ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || a.id - b.id));
      if (descending) streams.reverse();
      const p = page(streams, nextToken, limit);
      return {
        logStreams: p.items.map((s) => ({
          logStreamName: s.name,
          creationTime: s.creationTime,
          ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp, lastEventTimestamp: s.lastEventTimestamp, lastIngestionTime: s.lastIngestionTime } : {}),
          arn: `${group.arn}:log-stream:${s.name}`,
          storedBytes: 0,
        })),
        ...(p.nextToken ? { nextToken: p.nextToken } : {}),
      };
    },

    GetLogEvents: (input) => events.getLogEvents(input),
    GetLogGroupFields: (input) => getLogGroupFields(store, input),
    FilterLogEvents: (input) => events.filterLogEvents(input),

    StartQuery: (input) => queries.start(input),
    GetQueryResults: (input) => queries.results(input),
    StopQuery: (input) => queries.stop(input),
    DescribeQueries: (input) => queries.describe(input),

    GetLogRecord(input) {
      const ptr = requiredString(input, 'logRecordPointer');
      const found = store.resolve(ptr);
      if (!found) throw new AwsError('ResourceNotFoundException', 'The specified log record does not exist.');
      const { group, stream, index } = found;
      const message = stream.messages[index];
      const record: Record<string, string> = {};
      for (const [k, v] of Object.entries(discoverJson(message) ?? {})) if (v !== null) record[k] = String(v);
      Object.assign(record, {
        '@ingestionTime': String(stream.ingestionTimes[index]),
        '@log': `${SANDBOX_ACCOUNT_ID}:${group.name}`,
        '@logStream': stream.name,
        '@message': message,
        '@timestamp': String(stream.timestamps[index]),
      });
      return { logRecord: record };
    },

    PutQueryDefinition(input) {
      const name = requiredString(input, 'name', { min: 1, max: 255 });
      const queryString = requiredString(input, 'queryString', { min: 1, max: 10_000 });
      const id = optionalString(input, 'queryDefinitionId', { min: 0, max: 256 });
      const logGroupNames = optionalStrings(input, 'logGroupNames') ?? [];
      const language = optionalString(input, 'queryLanguage');
      if (language !== undefined && language !== 'CWLI') throw invalid(`Query language ${language} is not supported here; use CWLI.`);
      if (id !== undefined && !definitions.has(id)) throw new AwsError('ResourceNotFoundException', 'The specified query definition does not exist.');
      const definition: QueryDefinition = { queryDefinitionId: id ?? randomUUID(), name, queryString, logGroupNames, lastModified: store.now() };
      definitions.set(definition.queryDefinitionId, definition);
      return { queryDefinitionId: definition.queryDefinitionId };
    },

    DescribeQueryDefinitions(input) {
      const prefix = optionalString(input, 'queryDefinitionNamePrefix', { min: 1, max: 255 });
      const maxResults = optionalInt(input, 'maxResults', { min: 1, max: 1000 }) ?? 1000;
      const nextToken = optionalString(input, 'nextToken', { min: 1 });
      const all = [...definitions.values()]
        .filter((d) => prefix === undefined || d.name.startsWith(prefix))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.lastModified - b.lastModified));
      const p = page(all, nextToken, maxResults);
      return {
        queryDefinitions: p.items.map((d) => ({ queryLanguage: 'CWLI', ...d, logGroupNames: [...d.logGroupNames] })),
        ...(p.nextToken ? { nextToken: p.nextToken } : {}),
      };
    },

    DeleteQueryDefinition(input) {
      const id = requiredString(input, 'queryDefinitionId', { min: 0, max: 256 });
      if (!definitions.delete(id)) throw new AwsError('ResourceNotFoundException', 'The specified query definition does not exist.');
      return { success: true };
    },

    PutRetentionPolicy(input) {
      const group = requireGroup(store, input);
      const days = requiredInt(input, 'retentionInDays');
      if (!(RETENTION_DAYS as readonly number[]).includes(days)) {
        throw invalid(`1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
      }
      group.retentionInDays = days;
      store.expire();
      return {};
    },

    DeleteRetentionPolicy(input) {
      requireGroup(store, input).retentionInDays = undefined;
      return {};
    },

    PutMetricFilter: (input) => metricFilters.put(requireGroup(store, input), input),
    DescribeMetricFilters: (input) => metricFilters.describe(input),
    DeleteMetricFilter: (input) => metricFilters.delete(requireGroup(store, input), input),
  };

  return {
    targetPrefix: 'Logs_20140328',
    jsonVersion: '1.1',
    store,
    queries,
    metricFilters,
    handle(call: AwsCall) {
      const op = operations[call.operation];
      if (!op) throw new AwsError('UnknownOperationException', `Logs_20140328.${call.operation} is not an operation of this endpoint`);
      return op(call.input);
    },
    close() {
      queries.close();
    },
  };
}

export type { QueryEngineOptions };
