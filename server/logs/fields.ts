import 'server-only';
import { GetLogGroupFieldsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import { logsCaller } from '../api/logs-insights';
import { clusterName } from '../api/names';
import { logsClient } from '../aws/clients';
import { ConsoleError } from '../errors';
import { logAccess } from './access';
import { byShare, fieldShares, type LogGroupField } from '@/lib/logs/field-shares';
import { logGroupRefusal } from '@/lib/logs/log-group-names';
import { isFinalStatus, queryState, startCloudWatchQuery, stopQuery, type QueryOwner, type QueryState } from './queries';
import type { LogAccess } from '@/lib/logs/restrict';

export const logGroupFieldsQuery = z.object({
  cluster: clusterName,
  logGroupName: z
    .array(
      z
        .string()
        .min(1)
        .max(512)
        .regex(/^[.\-_/#A-Za-z0-9]+$/, 'a log group name: letters, digits and . - _ / #'),
    )
    .min(1, 'name at least one log group')
    .max(50),
  /** Epoch seconds the search centres on, as GetLogGroupFields takes it. */
  time: z.coerce.number().int().min(0).max(32503680000).optional(),
});
export type LogGroupFieldsQuery = z.infer<typeof logGroupFieldsQuery>;

export interface LogGroupFields {
  fields: LogGroupField[];
  /** Null when the fields are the service's (GetLogGroupFields); otherwise the namespaces whose records were sampled. */
  restrictedTo: string[] | null;
  /** For a restricted reader: how many of their own records the fields were read from. */
  sampled?: number;
}

/** The restricted reader's sample: their newest records of the window, through the same restriction as every query. */
const SAMPLE_QUERY = 'fields @message | sort @timestamp desc | limit 1000';
const SAMPLE_DEADLINE_MS = 20_000;
/** GetLogGroupFields calls in flight at once, well under the operation's per-account rate. */
const PARALLEL_CALLS = 5;

/** The window GetLogGroupFields searches, in epoch seconds: 8 minutes either side of `time`, or the last 15 minutes. */
export function fieldsWindow(time: number | undefined, nowSeconds: number): { startTime: number; endTime: number } {
  return time === undefined ? { startTime: nowSeconds - 900, endTime: nowSeconds } : { startTime: time - 480, endTime: time + 480 };
}

/** Each field at the highest share it has in any of the groups. */
function merge(lists: LogGroupField[][]): LogGroupField[] {
  const best = new Map<string, number>();
  for (const list of lists) for (const f of list) best.set(f.name, Math.max(best.get(f.name) ?? 0, f.percent));
  return [...best].map(([name, percent]) => ({ name, percent })).sort(byShare);
}

async function serviceFields(groups: string[], time: number | undefined): Promise<LogGroupField[]> {
  const lists: LogGroupField[][] = [];
  for (let i = 0; i < groups.length; i += PARALLEL_CALLS) {
    const batch = groups.slice(i, i + PARALLEL_CALLS);
    const answers = await Promise.all(batch.map((g) => logsClient().send(new GetLogGroupFieldsCommand({ logGroupName: g, ...(time !== undefined ? { time } : {}) }))));
    for (const a of answers) lists.push((a.logGroupFields ?? []).map((f) => ({ name: f.name ?? '', percent: f.percent ?? 0 })).filter((f) => f.name !== ''));
  }
  return merge(lists);
}

/**
 * GetLogGroupFields reads every namespace's records through the shared identity, so a restricted
 * reader's fields come from a sample of the records their queries may read, run as a query of
 * their own: limited to their namespaces, its rows checked again, in the account's query line
 * and in the reader's own lane and share of it (its id is never given out).
 */
async function sampledFields(owner: QueryOwner, access: LogAccess, groups: string[], time: number | undefined): Promise<LogGroupFields> {
  let state: QueryState = await startCloudWatchQuery(owner, access, { logGroupNames: groups, ...fieldsWindow(time, Math.floor(Date.now() / 1000)), queryString: SAMPLE_QUERY });
  const deadline = Date.now() + SAMPLE_DEADLINE_MS;
  while (!isFinalStatus(state.status)) {
    if (Date.now() > deadline) {
      await stopQuery(state.id, owner);
      throw new ConsoleError(
        'Internal',
        503,
        `reading a sample of your records for their fields took longer than ${SAMPLE_DEADLINE_MS / 1000} s (${state.status === 'Queued' ? 'queued behind other queries' : 'still running'}); the fields of your query's results are offered once it has run`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    state = await queryState(state.id, owner);
  }
  if (state.status !== 'Complete') {
    const e = state.error;
    throw e ? new ConsoleError(e.kind, e.aws?.httpStatus ?? 502, e.message, e.status, e.aws) : new ConsoleError('Internal', 502, `the sample query of your records ended ${state.status}`);
  }
  const messages = state.results.flatMap((row) => row.filter((f) => f.field === '@message').map((f) => f.value));
  return { fields: fieldShares(messages), restrictedTo: state.restrictedTo, sampled: messages.length };
}

/** GET /api/v1/logs/log-groups/fields?cluster=&logGroupName=…&time= */
export async function logGroupFields(request: Request, q: LogGroupFieldsQuery): Promise<LogGroupFields> {
  const { client, owner } = await logsCaller(request, q.cluster);
  const access = await logAccess(client);
  const refusal = logGroupRefusal(q.logGroupName, access, q.cluster);
  if (refusal) throw new ConsoleError('Forbidden', 403, refusal);
  if (access.clusterWide) return { fields: await serviceFields(q.logGroupName, q.time), restrictedTo: null };
  return sampledFields(owner, access, q.logGroupName, q.time);
}
