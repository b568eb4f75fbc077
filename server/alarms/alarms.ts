import 'server-only';
/**
 * The on-call view of CloudWatch alarms for one cluster: every metric and composite alarm the
 * caller may see (server/alarms/access.ts), firing first, with a sparkline of its metric around
 * the last transition; an alarm's page with its history, metric data over a range and its
 * children; acknowledgements.
 */
import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricDataCommand, type CompositeAlarm, type MetricAlarm, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { callerClient } from '../api/cluster-client';
import { awsConsoleError } from '../aws/errors';
import { cloudWatchClient, logsClient } from '../aws/clients';
import { ConsoleError, consoleErrors } from '../errors';
import { whoami } from '../k8s/whoami';
import { acknowledgementsFor, addAcknowledgement } from './acks';
import { AlarmAccess } from './access';
import { logsPath } from '@/lib/alarms/links';
import { alarmLinks, belongsTo, dimensionSets, scopeOf, unionScope, type AlarmLink } from '@/lib/alarms/scope';
import type { Acknowledgement, AlarmDetail, AlarmList, AlarmState, AlarmSummary, HistoryEntry, MetricPoint, MetricSeries, Sparkline } from '@/lib/alarms/types';

type RawAlarm = (MetricAlarm & { type: 'MetricAlarm' }) | (CompositeAlarm & { type: 'CompositeAlarm' });

const STATE_ORDER: Record<AlarmState, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };

/** Firing first, then INSUFFICIENT_DATA, then OK; the most recent transition first within each. */
export function compareAlarms(a: Pick<AlarmSummary, 'state' | 'since' | 'name'>, b: Pick<AlarmSummary, 'state' | 'since' | 'name'>): number {
  return STATE_ORDER[a.state] - STATE_ORDER[b.state] || Date.parse(b.since) - Date.parse(a.since) || a.name.localeCompare(b.name);
}

async function aws<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw awsConsoleError(err) ?? err;
  }
}

async function describe(input: { AlarmNames?: string[] } = {}): Promise<RawAlarm[]> {
  const out: RawAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await aws(() => cloudWatchClient().send(new DescribeAlarmsCommand({ ...input, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken })));
    out.push(...(page.MetricAlarms ?? []).map((a) => ({ ...a, type: 'MetricAlarm' as const })));
    out.push(...(page.CompositeAlarms ?? []).map((a) => ({ ...a, type: 'CompositeAlarm' as const })));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

function metricOf(m: { Namespace?: string; MetricName?: string; Dimensions?: { Name?: string; Value?: string }[] } | undefined) {
  return {
    namespace: m?.Namespace ?? '',
    metricName: m?.MetricName ?? '',
    dimensions: Object.fromEntries((m?.Dimensions ?? []).filter((d) => d.Name).map((d) => [d.Name!, d.Value ?? ''])),
  };
}

function summarize(raw: RawAlarm, cluster: string, extraLinks: AlarmLink[] = []): AlarmSummary {
  const common = {
    name: raw.AlarmName ?? '',
    arn: raw.AlarmArn ?? '',
    type: raw.type,
    ...(raw.AlarmDescription ? { description: raw.AlarmDescription } : {}),
    state: (raw.StateValue ?? 'INSUFFICIENT_DATA') as AlarmState,
    stateReason: raw.StateReason ?? '',
    ...(raw.StateReasonData ? { stateReasonData: raw.StateReasonData } : {}),
    since: (raw.StateTransitionedTimestamp ?? raw.StateUpdatedTimestamp ?? new Date(0)).toISOString(),
    actionsEnabled: raw.ActionsEnabled ?? false,
    actions: { alarm: raw.AlarmActions ?? [], ok: raw.OKActions ?? [], insufficientData: raw.InsufficientDataActions ?? [] },
    acknowledgements: [] as Acknowledgement[],
  };
  if (raw.type === 'CompositeAlarm') return { ...common, rule: raw.AlarmRule ?? '', scope: unionScope([]), links: [] };
  const sets = dimensionSets(raw);
  const returned = raw.Metrics?.find((m) => m.ReturnData !== false);
  return {
    ...common,
    threshold: raw.Threshold,
    comparison: raw.ComparisonOperator,
    statistic: raw.Statistic ?? raw.ExtendedStatistic ?? returned?.MetricStat?.Stat,
    period: raw.Period ?? returned?.MetricStat?.Period ?? returned?.Period,
    evaluationPeriods: raw.EvaluationPeriods,
    datapointsToAlarm: raw.DatapointsToAlarm ?? raw.EvaluationPeriods,
    treatMissingData: raw.TreatMissingData ?? 'missing',
    ...(raw.Metrics?.length ? { expression: returned?.Expression, metrics: raw.Metrics.filter((m) => m.MetricStat).map((m) => metricOf(m.MetricStat!.Metric)) } : { metric: metricOf(raw) }),
    scope: scopeOf(sets),
    links: [...alarmLinks(sets, cluster), ...extraLinks],
  };
}

/** A composite alarm's children, by the names its rule gives (`ALARM("x")`, `OK(arn:…:alarm:y)`). */
function childNames(rule: string): string[] {
  const names: string[] = [];
  for (const m of rule.matchAll(/(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"([^"]+)"|([^\s()"]+))\s*\)/g)) {
    const name = (m[1] ?? m[2]).replace(/^arn:aws[\w-]*:cloudwatch:[^:]*:[^:]*:alarm:/, '');
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** A composite belongs to the cluster when one of its children does, and needs all its children need (nested composites too). */
function settleComposites(all: AlarmSummary[], cluster: string, rawByName: Map<string, RawAlarm>): AlarmSummary[] {
  const byName = new Map(all.map((a) => [a.name, a]));
  const metricBelongs = (a: AlarmSummary) => belongsTo(dimensionSets(rawByName.get(a.name) as MetricAlarm), cluster);
  const leaves = (a: AlarmSummary, seen = new Set<string>()): AlarmSummary[] => {
    if (a.type === 'MetricAlarm') return [a];
    if (seen.has(a.name)) return [];
    seen.add(a.name);
    return childNames(a.rule ?? '').flatMap((n) => (byName.has(n) ? leaves(byName.get(n)!, seen) : []));
  };
  return all.filter((a) => {
    if (a.type === 'MetricAlarm') return metricBelongs(a);
    const children = leaves(a);
    a.scope = unionScope(children.map((c) => c.scope));
    return children.some(metricBelongs);
  });
}

/** For alarms on a log metric filter's metric: a Logs Insights query over that filter's log group. */
async function metricFilterLinks(cluster: string, alarms: AlarmSummary[]): Promise<Map<string, AlarmLink[]>> {
  const out = new Map<string, AlarmLink[]>();
  const candidates = alarms.filter((a) => a.metric && Object.keys(a.metric.dimensions).length === 0);
  await Promise.all(
    candidates.map(async (a) => {
      try {
        const res = await logsClient().send(new DescribeMetricFiltersCommand({ metricName: a.metric!.metricName, metricNamespace: a.metric!.namespace }));
        const links: AlarmLink[] = [];
        for (const f of res.metricFilters ?? []) {
          const term = (f.filterPattern ?? '').trim().replace(/^"(.*)"$/, '$1');
          if (!f.logGroupName || !/^[\w.-]+$/.test(term)) continue;
          const query = ['fields @timestamp, kubernetes.namespace_name, kubernetes.pod_name, log', `| filter @message like /${term}/`, '| sort @timestamp desc', '| limit 200'].join('\n');
          links.push({ kind: 'matchingLines', name: term, label: `Log lines matching ${term}`, href: logsPath(cluster, query, [f.logGroupName]) });
        }
        if (links.length) out.set(a.name, links);
      } catch {
        // The logs link is a convenience; the alarm shows without it.
      }
    }),
  );
  return out;
}

function queriesFor(alarm: AlarmSummary): MetricDataQuery[] | undefined {
  if (alarm.metric && alarm.statistic && alarm.period) {
    const m = alarm.metric;
    return [
      {
        Id: 'm1',
        MetricStat: {
          Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })) },
          Period: alarm.period,
          Stat: alarm.statistic,
        },
      },
    ];
  }
  return undefined;
}

/** GetMetricData over [start, end), optionally at another period than the queries'. */
export async function queryMetricData(queries: MetricDataQuery[], start: number, end: number, period?: number): Promise<MetricSeries[]> {
  const withPeriod = period ? queries.map((q) => (q.MetricStat ? { ...q, MetricStat: { ...q.MetricStat, Period: period } } : q)) : queries;
  const out = await aws(() => cloudWatchClient().send(new GetMetricDataCommand({ StartTime: new Date(start), EndTime: new Date(end), ScanBy: 'TimestampAscending', MetricDataQueries: withPeriod })));
  return (out.MetricDataResults ?? []).map((r) => ({
    id: r.Id ?? '',
    label: r.Label ?? r.Id ?? '',
    points: (r.Timestamps ?? []).map((t, i): MetricPoint => ({ t: t.getTime(), v: r.Values?.[i] ?? 0 })),
  }));
}

const HOUR = 3600_000;

/** The metric around the last transition: half an hour either side, up to now. */
async function sparkline(alarm: AlarmSummary, rawMetrics: MetricDataQuery[] | undefined, now: number): Promise<Sparkline | undefined> {
  const queries = rawMetrics?.length ? rawMetrics : queriesFor(alarm);
  if (!queries) return undefined;
  const since = Date.parse(alarm.since);
  const start = Math.floor((since - HOUR / 2) / 60_000) * 60_000;
  const end = Math.max(start + 60_000, Math.min(now, since + HOUR / 2));
  try {
    const series = await queryMetricData(queries, start, end);
    const returned = series.find((_, i) => queries[i].ReturnData !== false) ?? series[0];
    return { period: alarm.period ?? 60, start: new Date(start).toISOString(), end: new Date(end).toISOString(), points: returned?.points ?? [] };
  } catch (err) {
    const e = err instanceof ConsoleError ? err : consoleErrors.internal((err as Error).message);
    return { error: { kind: e.kind, message: e.message } };
  }
}

async function visibleAlarms(request: Request, cluster: string, input: Parameters<typeof describe>[0] = {}) {
  const { client } = await callerClient(request, cluster);
  const raw = await describe(input);
  const rawByName = new Map(raw.map((r) => [r.AlarmName ?? '', r]));
  const summaries = settleComposites(
    raw.map((r) => summarize(r, cluster)),
    cluster,
    rawByName,
  );
  const access = new AlarmAccess(client);
  const visible: AlarmSummary[] = [];
  for (const s of summaries) if (await access.mayView(s.scope)) visible.push(s);
  return { client, visible, access, rawByName };
}

async function withAcks(alarms: AlarmSummary[]): Promise<AlarmSummary[]> {
  const acks = await acknowledgementsFor(alarms.filter((a) => a.state !== 'OK').map((a) => ({ arn: a.arn, since: a.since })));
  return alarms.map((a) => ({ ...a, acknowledgements: acks.get(a.arn) ?? [] }));
}

export async function listAlarms(request: Request, cluster: string): Promise<AlarmList> {
  const { visible, access, rawByName } = await visibleAlarms(request, cluster);
  const now = Date.now();
  const filterLinks = await metricFilterLinks(cluster, visible);
  const alarms = (await withAcks(visible.map((a) => ({ ...a, links: [...a.links, ...(filterLinks.get(a.name) ?? [])] })))).sort(compareAlarms);
  const sparklines: Record<string, Sparkline> = {};
  await Promise.all(
    alarms.map(async (a) => {
      const raw = rawByName.get(a.name);
      const s = await sparkline(a, raw?.type === 'MetricAlarm' ? raw.Metrics : undefined, now);
      if (s) sparklines[a.name] = s;
    }),
  );
  return { cluster, alarms, sparklines, hidden: access.hiddenSummary(), checkedAt: new Date(now).toISOString() };
}

function parseHistoryData(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface DetailRange {
  start: number;
  end: number;
}

/** A period giving at most ~360 points over the range, a whole number of minutes. */
export function periodFor(rangeMs: number): number {
  return Math.max(60, Math.ceil(rangeMs / 360 / 60_000) * 60);
}

/**
 * The answer for an alarm the caller may not see is the answer for one that does not exist, so
 * that names tried one by one tell nothing of another namespace's alarms.
 */
function unknownAlarm(name: string): ConsoleError {
  return consoleErrors.notFound(`alarm "${name}" does not exist, or is not shown to you`);
}

export async function alarmDetail(request: Request, cluster: string, name: string, range: DetailRange): Promise<AlarmDetail> {
  const { visible, access, rawByName } = await visibleAlarms(request, cluster);
  const found = visible.find((a) => a.name === name);
  if (!found) throw unknownAlarm(name);
  const [alarm] = await withAcks([{ ...found, links: [...found.links, ...((await metricFilterLinks(cluster, [found])).get(name) ?? [])] }]);
  const history = await aws(() => cloudWatchClient().send(new DescribeAlarmHistoryCommand({ AlarmName: name, MaxRecords: 100, ScanBy: 'TimestampDescending' })));
  const entries: HistoryEntry[] = (history.AlarmHistoryItems ?? []).map((h) => ({
    at: (h.Timestamp ?? new Date(0)).toISOString(),
    type: h.HistoryItemType ?? '',
    summary: h.HistorySummary ?? '',
    ...(h.HistoryData ? { data: parseHistoryData(h.HistoryData) } : {}),
  }));
  const raw = rawByName.get(name)!;
  const queries = raw.type === 'MetricAlarm' && raw.Metrics?.length ? raw.Metrics : queriesFor(alarm);
  let data: AlarmDetail['metricData'];
  if (queries) {
    const period = periodFor(range.end - range.start);
    try {
      const series = await queryMetricData(queries, range.start, range.end, Math.max(period, alarm.period ?? 60));
      data = {
        start: new Date(range.start).toISOString(),
        end: new Date(range.end).toISOString(),
        period: Math.max(period, alarm.period ?? 60),
        series: series.filter((_, i) => queries[i].ReturnData !== false),
      };
    } catch (err) {
      const e = err instanceof ConsoleError ? err : consoleErrors.internal((err as Error).message);
      data = { error: { kind: e.kind, message: e.message } };
    }
  }
  const related = async (names: string[]) => {
    const out: AlarmSummary[] = [];
    const byName = new Map(visible.map((v) => [v.name, v]));
    for (const n of names) {
      const v = byName.get(n);
      if (v) out.push(v);
      else if (rawByName.has(n)) {
        const s = summarize(rawByName.get(n)!, cluster);
        await access.mayView(s.scope);
      }
    }
    return out.sort(compareAlarms);
  };
  const children = alarm.type === 'CompositeAlarm' ? await related(childNames(alarm.rule ?? '')) : [];
  const parents = await related(visible.filter((v) => v.type === 'CompositeAlarm' && childNames(v.rule ?? '').includes(name)).map((v) => v.name));
  return { alarm, history: entries, ...(data ? { metricData: data } : {}), children, parents, hidden: access.hiddenSummary() };
}

export async function acknowledgeAlarm(request: Request, cluster: string, name: string, note: string): Promise<Acknowledgement> {
  const { client, visible } = await visibleAlarms(request, cluster);
  const alarm = visible.find((a) => a.name === name);
  if (!alarm) throw unknownAlarm(name);
  if (alarm.state === 'OK') throw new ConsoleError('Conflict', 409, `alarm "${name}" is OK: only a firing or INSUFFICIENT_DATA alarm can be acknowledged`);
  const me = await whoami(client);
  return addAcknowledgement({ alarmArn: alarm.arn, stateTransitionedAt: alarm.since, stateValue: alarm.state, by: me.username, note });
}
