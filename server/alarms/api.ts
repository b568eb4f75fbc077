import 'server-only';
/** The alarms console API: input checked here, the work in server/alarms/alarms.ts. */
import { z } from 'zod';
import { clusterName } from '../api/names';
import { consoleErrors } from '../errors';
import { parseInput } from '../http';
import { loadedClusters } from '../k8s/clusters';
import { defaultContext } from '../k8s/kubeconfig';
import { MAX_NOTE } from './acks';
import { acknowledgeAlarm, alarmDetail, listAlarms } from './alarms';
import type { Acknowledgement, AlarmDetail, AlarmList } from '@/lib/alarms/types';

/** CloudWatch's alarm names: 1-255 characters, no control characters. */
export const alarmName = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'an alarm name has no control characters');

const RANGE = /^(\d{1,3})([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** GetMetricData keeps 1-minute data for 15 days. */
const MAX_RANGE_MS = 15 * UNIT_MS.d;

function clusterOf(query: Record<string, string>): string {
  if (query.cluster) return parseInput(clusterName, query.cluster, 'cluster');
  const context = defaultContext(loadedClusters());
  if (!context) throw consoleErrors.notFound('the kubeconfig has no contexts');
  return context.name;
}

/** `range=3h` (m, h, d) ending now, or `start` and `end` (RFC 3339). */
export function parseRange(query: Record<string, string>, now = Date.now()): { start: number; end: number } {
  if (query.start || query.end) {
    const start = Date.parse(query.start ?? '');
    const end = query.end ? Date.parse(query.end) : now;
    if (Number.isNaN(start) || Number.isNaN(end)) throw consoleErrors.badRequest('invalid range: start and end are RFC 3339 times');
    if (end <= start) throw consoleErrors.badRequest('invalid range: start must be before end');
    if (end - start > MAX_RANGE_MS) throw consoleErrors.badRequest('invalid range: at most 15 days');
    return { start, end };
  }
  const m = RANGE.exec(query.range ?? '3h');
  if (!m) throw consoleErrors.badRequest('invalid range: a number and m, h or d, e.g. 3h');
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms <= 0 || ms > MAX_RANGE_MS) throw consoleErrors.badRequest('invalid range: between 1m and 15d');
  return { start: now - ms, end: now };
}

export async function alarmsList(request: Request, query: Record<string, string>): Promise<AlarmList> {
  return listAlarms(request, clusterOf(query));
}

export async function alarmPage(request: Request, name: string, query: Record<string, string>): Promise<AlarmDetail> {
  return alarmDetail(request, clusterOf(query), parseInput(alarmName, name, 'alarm name'), parseRange(query));
}

export const acknowledgementBody = z.object({
  note: z.string().max(MAX_NOTE, `a note has at most ${MAX_NOTE} characters`).default(''),
  cluster: clusterName.optional(),
});

export async function acknowledge(request: Request, name: string, body: z.infer<typeof acknowledgementBody>): Promise<Acknowledgement> {
  return acknowledgeAlarm(request, clusterOf(body.cluster ? { cluster: body.cluster } : {}), parseInput(alarmName, name, 'alarm name'), body.note.trim());
}
