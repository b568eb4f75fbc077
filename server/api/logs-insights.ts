import 'server-only';
import { z } from 'zod';
import { validateBearer } from '../auth/bearer';
import type { Caller } from '../auth/caller';
import { ConsoleError, consoleErrors } from '../errors';
import { JsonWithArray } from '../http';
import type { StreamingKubeClient } from '../k8s/client';
import { MAX_LIMIT, QueryRun } from '@/lib/logs-insights';
import { canEditLogGroups, logAccess } from '../logs/access';
import { containerInsightsGroups, logGroupRefusal, RETENTION_DAYS } from '@/lib/logs/log-group-names';
import { deleteMetricFilter, listLogGroups, logRecord, metricFilters, putMetricFilter, setRetention, type LogGroupRow, type MetricFilterRow } from '../logs/log-groups';
import { runOverPodLogs } from '../logs/pod-logs';
import { CpuBudget, podLogsQueryBudgetMs } from '../logs/query-budget';
import {
  prepareQuery,
  queryAnswer,
  startCloudWatchQuery,
  startLocalQuery,
  stopQueryAnswer,
  storedRowsJson,
  type QueryAnswer,
  type QueryOwner,
  type QueryPage,
  type QueryPageState,
  type QueryState,
} from '../logs/queries';
import { recentQueries, rememberQuery, type RecentQuery } from '../logs/recent';
import type { LogAccess } from '@/lib/logs/restrict';
import { deleteSaved, listSaved, putSaved, type SavedQuery } from '../logs/saved';
import { clusterName, namespaceName } from './names';
import { callerClient } from './cluster-client';

const logGroupName = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[.\-_/#A-Za-z0-9]+$/, 'a log group name: letters, digits and . - _ / #');
const epochSeconds = z.number().int().min(0).max(32503680000);

export const startQueryBody = z
  .object({
    cluster: clusterName,
    queryString: z.string().min(1).max(10_000),
    startTime: epochSeconds,
    endTime: epochSeconds,
    limit: z.number().int().min(1).max(MAX_LIMIT).optional(),
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('cloudwatch'), logGroupNames: z.array(logGroupName).min(1, 'pick at least one log group').max(50) }),
      z.object({ kind: z.literal('pods'), namespace: namespaceName, labelSelector: z.string().min(1, 'a label selector').max(4096) }),
    ]),
  })
  .refine((b) => b.startTime <= b.endTime, { message: 'startTime is after endTime', path: ['startTime'] });
export type StartQueryBody = z.infer<typeof startQueryBody>;

export const savedQueryBody = z.object({
  cluster: clusterName,
  name: z.string().trim().min(1).max(255),
  queryString: z.string().min(1).max(10_000),
  logGroupNames: z.array(logGroupName).max(50).default([]),
});

export const retentionBody = z.object({
  cluster: clusterName,
  logGroupName,
  retentionInDays: z.union([
    z.literal(null),
    z
      .number()
      .int()
      .refine((d) => RETENTION_DAYS.includes(d), 'one of the retention periods CloudWatch Logs offers'),
  ]),
});

export const metricFilterBody = z.object({
  cluster: clusterName,
  logGroupName,
  name: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[^:*]+$/, 'a filter name has no : or *'),
  pattern: z.string().max(1024),
  metricTransformations: z
    .array(
      z.object({
        metricName: z.string().min(1).max(255),
        metricNamespace: z.string().min(1).max(255),
        metricValue: z.string().min(1).max(100),
        defaultValue: z.number().optional(),
      }),
    )
    .length(1, 'one metric transformation'),
});

interface LogsCaller {
  caller: Caller;
  client: StreamingKubeClient;
  owner: QueryOwner;
}

/** Who is asking, by the name the API server knows them by, for owning queries and recent lists. */
async function ownerName(caller: Caller, cluster: string): Promise<string> {
  if (caller.session) return caller.session.username;
  switch (caller.identity.mode) {
    case 'token':
      return (await validateBearer(caller.identity.token, cluster)).username;
    case 'proxy':
      return caller.identity.username;
    case 'kubeconfig':
      return 'kubeconfig';
  }
}

/** The caller, their client and the owner their queries are kept under (and counted against). */
export async function logsCaller(request: Request, cluster: string): Promise<LogsCaller> {
  const { caller, client } = await callerClient(request, cluster);
  return { caller, client, owner: { username: await ownerName(caller, cluster), cluster } };
}

function refuse(message: string): ConsoleError {
  return new ConsoleError('Forbidden', 403, message);
}

/** What the page says about the caller's view of the container logs. */
export interface LogsAccessView {
  clusterWide: boolean;
  namespaces: string[];
  containerLogGroup: string;
  canEditLogGroups: boolean;
  canSaveQueries: boolean;
}

function accessView(access: LogAccess, cluster: string, canEdit: boolean): LogsAccessView {
  return {
    clusterWide: access.clusterWide,
    namespaces: access.clusterWide ? [] : access.namespaces,
    containerLogGroup: containerInsightsGroups(cluster).application,
    canEditLogGroups: canEdit,
    canSaveQueries: access.clusterWide,
  };
}

/** POST /api/v1/logs/queries */
export async function startQuery(request: Request, body: StartQueryBody): Promise<QueryState> {
  const { client, owner } = await logsCaller(request, body.cluster);
  const { source } = body;
  if (source.kind === 'pods') {
    // The API server decides what the caller reads; the query runs here, over what it gives them.
    prepareQuery(body.queryString, { clusterWide: true });
    const run = new QueryRun(body.queryString);
    const budget = new CpuBudget(podLogsQueryBudgetMs());
    const state = await startLocalQuery(owner, (s, signal) => runOverPodLogs(client, source, { startTime: body.startTime * 1000, endTime: body.endTime * 1000 }, run, s, signal, budget));
    await rememberQuery(owner.username, owner.cluster, body.queryString, source);
    return state;
  }
  const access = await logAccess(client);
  const refusal = logGroupRefusal(source.logGroupNames, access, body.cluster);
  if (refusal) throw refuse(refusal);
  const state = await startCloudWatchQuery(owner, access, {
    logGroupNames: source.logGroupNames,
    startTime: body.startTime,
    endTime: body.endTime,
    queryString: body.queryString,
    ...(body.limit ? { limit: body.limit } : {}),
  });
  await rememberQuery(owner.username, owner.cluster, body.queryString, source);
  return state;
}

/** GET /api/v1/logs/queries/{id}?cluster=[&offset=&limit=] */
export async function getQuery(request: Request, cluster: string, id: string, page?: QueryPage): Promise<QueryState | QueryPageState | JsonWithArray> {
  const { owner } = await logsCaller(request, cluster);
  return written(await queryAnswer(id, owner, page));
}

/** An ended query's rows go out from the store a chunk at a time: 100,000 of them are never one string here. */
function written({ state, stored }: QueryAnswer<QueryState | QueryPageState>): QueryState | QueryPageState | JsonWithArray {
  return stored ? new JsonWithArray({ ...state }, 'results', storedRowsJson(stored)) : state;
}

/** DELETE /api/v1/logs/queries/{id}?cluster= */
export async function cancelQuery(request: Request, cluster: string, id: string): Promise<QueryState | JsonWithArray> {
  const { owner } = await logsCaller(request, cluster);
  return written(await stopQueryAnswer(id, owner));
}

/** GET /api/v1/logs/queries?cluster= : the caller's recent queries. */
export async function recent(request: Request, cluster: string): Promise<{ items: RecentQuery[] }> {
  const { owner } = await logsCaller(request, cluster);
  return { items: await recentQueries(owner.username, cluster) };
}

/** GET /api/v1/logs/log-groups?cluster= */
export async function logGroups(request: Request, cluster: string): Promise<{ logGroups: LogGroupRow[]; access: LogsAccessView }> {
  const { client } = await logsCaller(request, cluster);
  const [access, canEdit] = await Promise.all([logAccess(client), canEditLogGroups(client)]);
  return { logGroups: await listLogGroups(cluster, access), access: accessView(access, cluster, canEdit) };
}

async function editor(request: Request, cluster: string, name: string): Promise<void> {
  const { client } = await logsCaller(request, cluster);
  const [access, canEdit] = await Promise.all([logAccess(client), canEditLogGroups(client)]);
  if (!canEdit) throw refuse('changing log groups needs permission to update configmaps in namespace "amazon-cloudwatch" (where Container Insights is configured)');
  const refusal = logGroupRefusal([name], access, cluster);
  if (refusal) throw refuse(refusal);
}

export const logGroupQuery = z.object({ cluster: clusterName, logGroupName });
export const metricFilterQuery = logGroupQuery.extend({ filterName: z.string().min(1).max(512) });

/** GET /api/v1/logs/log-groups/metric-filters?cluster=&logGroupName= */
export async function logGroupMetricFilters(request: Request, cluster: string, name: string): Promise<{ items: MetricFilterRow[] }> {
  const { client } = await logsCaller(request, cluster);
  const refusal = logGroupRefusal([name], await logAccess(client), cluster);
  if (refusal) throw refuse(refusal);
  return { items: await metricFilters(name) };
}

/** PUT /api/v1/logs/log-groups/retention */
export async function putRetention(request: Request, body: z.infer<typeof retentionBody>): Promise<{ retentionInDays: number | null }> {
  await editor(request, body.cluster, body.logGroupName);
  await setRetention(body.logGroupName, body.retentionInDays);
  return { retentionInDays: body.retentionInDays };
}

/** PUT /api/v1/logs/log-groups/metric-filters */
export async function savePutMetricFilter(request: Request, body: z.infer<typeof metricFilterBody>): Promise<{ items: MetricFilterRow[] }> {
  const name = body.logGroupName;
  await editor(request, body.cluster, name);
  await putMetricFilter(name, { name: body.name, pattern: body.pattern, metricTransformations: body.metricTransformations });
  return { items: await metricFilters(name) };
}

/** DELETE /api/v1/logs/log-groups/metric-filters?cluster=&logGroupName=&filterName= */
export async function removeMetricFilter(request: Request, q: z.infer<typeof metricFilterQuery>): Promise<{ items: MetricFilterRow[] }> {
  await editor(request, q.cluster, q.logGroupName);
  await deleteMetricFilter(q.logGroupName, q.filterName);
  return { items: await metricFilters(q.logGroupName) };
}

/** GET /api/v1/logs/records?cluster=&ptr= */
export async function getLogRecord(request: Request, cluster: string, ptr: string): Promise<{ record: Record<string, string> }> {
  const { client } = await logsCaller(request, cluster);
  return { record: await logRecord(ptr, cluster, await logAccess(client)) };
}

/** GET /api/v1/logs/saved?cluster= : every query definition; a restricted reader's runs of them are restricted like any other query. */
export async function savedQueries(request: Request, cluster: string): Promise<{ items: SavedQuery[]; canSave: boolean }> {
  const { client } = await logsCaller(request, cluster);
  const access = await logAccess(client);
  const items = await listSaved();
  // A definition over groups the reader may not query would only fail for them.
  const usable = access.clusterWide ? items : items.filter((d) => logGroupRefusal(d.logGroupNames, access, cluster) === null);
  return { items: usable, canSave: access.clusterWide };
}

/**
 * Saved queries are the account's query definitions, shared with everyone who uses its AWS
 * console: creating, replacing or deleting them needs cluster-wide `get pods/log`.
 */
async function saver(request: Request, cluster: string): Promise<void> {
  const { client } = await logsCaller(request, cluster);
  if (!(await logAccess(client)).clusterWide) {
    throw refuse('saved queries are shared by the whole AWS account: saving or deleting them needs permission to read pod logs (get pods/log) in every namespace');
  }
}

/** POST /api/v1/logs/saved, PUT /api/v1/logs/saved/{id} */
export async function saveQuery(request: Request, body: z.infer<typeof savedQueryBody>, id?: string): Promise<SavedQuery> {
  await saver(request, body.cluster);
  prepareQuery(body.queryString, { clusterWide: true });
  const savedId = await putSaved({ ...(id ? { id } : {}), name: body.name, queryString: body.queryString, logGroupNames: body.logGroupNames });
  const found = (await listSaved()).find((d) => d.id === savedId);
  if (!found) throw consoleErrors.internal('the saved query was not found after saving it');
  return found;
}

/** DELETE /api/v1/logs/saved/{id}?cluster= */
export async function deleteSavedQuery(request: Request, cluster: string, id: string): Promise<{ deleted: string }> {
  await saver(request, cluster);
  await deleteSaved(id);
  return { deleted: id };
}
