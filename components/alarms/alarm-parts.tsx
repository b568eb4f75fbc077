'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import type { Acknowledgement, AlarmState, AlarmSummary, HiddenAlarms, Sparkline as SparklineData } from '@/lib/alarms/types';
import { toErrorObject } from '../api/client';
import { HowToGetAccessDetails } from '../ui/forbidden-panel';
import { UpdatedAgo } from '../ui/updated-ago';
import { Sparkline } from './charts';
import { useAcknowledge } from './use-alarms';
import { useAlarmWords } from './words';

const STATE_CLASSES: Record<AlarmState, string> = {
  ALARM: 'bg-red-600 text-white',
  INSUFFICIENT_DATA: 'bg-slate-500 text-white',
  OK: 'bg-emerald-600 text-white',
};

export function AlarmStateBadge({ state }: { state: AlarmState }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold ${STATE_CLASSES[state]}`}>{state}</span>;
}

export function alarmHref(cluster: string, name: string): string {
  return `/c/${encodeURIComponent(cluster)}/alarms/${encodeURIComponent(name)}`;
}

/** "updated N s ago", and a stale marker with the failure when the last refresh failed. */
export function Freshness({ label, updatedAt, error }: { label: string; updatedAt: number; error: unknown }) {
  const t = useTranslations('Alarms');
  return (
    <span className="flex items-center gap-2 text-xs">
      <span className="text-slate-600">{label}</span>
      <UpdatedAgo at={updatedAt} />
      {error != null && updatedAt > 0 && (
        <span role="status" data-testid="stale-marker" className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900" title={toErrorObject(error).message}>
          {t('stale', { message: toErrorObject(error).message })}
        </span>
      )}
    </span>
  );
}

/** Which alarms the missing permission hides, said from the permission itself: nodes, every namespace's logs, or one namespace's pods. */
function hiddenWhat(permission: HiddenAlarms['permission']): 'nodes' | 'allLogs' | 'namespace' {
  if (permission.resource === 'nodes') return 'nodes';
  return permission.subresource === 'log' && !permission.namespace ? 'allLogs' : 'namespace';
}

/** Which alarms are hidden and who sees them, and the permission that would show them, in the page's language. */
export function useHiddenAlarmsText(): (h: HiddenAlarms) => { reason: string; requires: string } {
  const t = useTranslations('Alarms');
  return (h) => {
    const what = hiddenWhat(h.permission);
    return { reason: t('hiddenReason', { count: h.count, what, namespace: h.permission.namespace }), requires: t('requires', { what, namespace: h.permission.namespace }) };
  };
}

export function HiddenNote({ hidden }: { hidden: HiddenAlarms[] }) {
  const t = useTranslations('Alarms');
  const say = useHiddenAlarmsText();
  if (hidden.length === 0) return null;
  return (
    <ul className="space-y-1 rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700" aria-label={t('hiddenAlarms')}>
      {hidden.map((h) => {
        const { reason, requires } = say(h);
        return (
          <li key={h.requires}>
            {t('notShown', { reason, requires })}
            {/* The grants route binds the signed-in caller: no user is named here. */}
            <HowToGetAccessDetails missing={{ ...h.permission, name: '', user: '' }} summary={t('whatWouldShow', { requires })} />
          </li>
        );
      })}
    </ul>
  );
}

function Acknowledgements({ acks, now }: { acks: Acknowledgement[]; now: number }) {
  const t = useTranslations('Alarms');
  const { agoSince } = useAlarmWords();
  if (acks.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-slate-700" aria-label={t('acknowledgements')}>
      {acks.map((a) => (
        <li key={`${a.by}-${a.at}`}>
          <span className="font-medium">{t('acknowledgedBy', { by: a.by })}</span> {agoSince(a.at, now)}
          {a.note && <>: {a.note}</>}
        </li>
      ))}
    </ul>
  );
}

export function AcknowledgeForm({ cluster, name }: { cluster: string; name: string }) {
  const t = useTranslations('Alarms');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const ack = useAcknowledge(cluster);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
        {t('acknowledge')}
      </button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        ack.mutate({ name, note }, { onSuccess: () => (setOpen(false), setNote('')) });
      }}
    >
      <input
        aria-label={t('noteFor', { name })}
        value={note}
        maxLength={2000}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('notePlaceholder')}
        className="w-56 rounded border border-slate-300 px-1.5 py-0.5 text-xs"
      />
      <button type="submit" disabled={ack.isPending} className="rounded bg-slate-800 px-2 py-0.5 text-xs text-white disabled:opacity-50">
        {t('acknowledge')}
      </button>
      <button type="button" onClick={() => setOpen(false)} className="px-1 text-xs text-slate-600">
        {t('cancel')}
      </button>
      {ack.isError && <span className="text-xs text-red-700">{toErrorObject(ack.error).message}</span>}
    </form>
  );
}

function SparklineCell({ data, alarm }: { data?: SparklineData; alarm: AlarmSummary }) {
  const t = useTranslations('Alarms');
  if (!data) return <div className="w-48 shrink-0 text-xs text-slate-400">{alarm.type === 'CompositeAlarm' ? t('composite') : ''}</div>;
  if ('error' in data) return <div className="w-48 shrink-0 text-xs text-amber-800">{t('metricUnavailable', { message: data.error.message })}</div>;
  if (data.points.length === 0) return <div className="w-48 shrink-0 text-xs text-slate-400">{t('noDatapoints')}</div>;
  // From a little before the first datapoint or the transition, whichever is earlier, so a young metric is not a dot at the edge.
  const since = Date.parse(alarm.since);
  const from = Math.max(Date.parse(data.start), Math.min(data.points[0].t, since) - 5 * data.period * 1000);
  return <Sparkline points={data.points} threshold={alarm.threshold} since={since} domain={[from, Date.parse(data.end)]} name={alarm.name} />;
}

export function AlarmRow({ cluster, alarm, sparkline, now }: { cluster: string; alarm: AlarmSummary; sparkline?: SparklineData; now: number }) {
  const t = useTranslations('Alarms');
  const words = useAlarmWords();
  const condition = words.condition(alarm);
  return (
    <li className="flex flex-col gap-2 border-b border-slate-100 px-3 py-2 last:border-b-0 sm:flex-row sm:gap-3" data-testid="alarm-row" data-alarm={alarm.name} data-state={alarm.state}>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-2">
          <AlarmStateBadge state={alarm.state} />
          <Link href={alarmHref(cluster, alarm.name)} className="font-mono text-sm font-semibold text-sky-800 hover:underline">
            {alarm.name}
          </Link>
          <span className="text-xs text-slate-600" title={alarm.since}>
            {words.forSince(alarm.since, now)}
          </span>
          <span className={`text-[11px] ${alarm.actionsEnabled ? 'text-slate-600' : 'text-amber-700'}`}>
            {alarm.actionsEnabled ? t('actionsOn', { count: alarm.actions.alarm.length }) : t('actionsOff')}
          </span>
        </div>
        {alarm.description && <p className="text-sm text-slate-800">{alarm.description}</p>}
        {condition && <p className="font-mono text-xs text-slate-600">{condition}</p>}
        {alarm.rule && <p className="font-mono text-xs text-slate-600">{alarm.rule}</p>}
        <p className="mt-0.5 break-words text-xs text-slate-500">{alarm.stateReason}</p>
        <Acknowledgements acks={alarm.acknowledgements} now={now} />
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
          {alarm.links.map((l) => (
            <Link key={l.href} href={l.href} className="text-sky-700 underline-offset-2 hover:underline">
              {t('link', { kind: l.kind, name: l.name })}
            </Link>
          ))}
          {alarm.state !== 'OK' && alarm.acknowledgements.length === 0 && <AcknowledgeForm cluster={cluster} name={alarm.name} />}
        </div>
      </div>
      <SparklineCell data={sparkline} alarm={alarm} />
    </li>
  );
}
