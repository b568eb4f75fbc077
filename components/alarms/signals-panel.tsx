'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import type { ClusterSignals } from '@/server/signals/collect';
import { SectionError } from '../ui/restricted-note';
import { useAlarmWords, useSignalWords } from './words';

/** The namespaces (none: the cluster scope) → the resources not read there. */
function notChecked(omitted: { resource: string; namespace?: string }[]): [string[], string[]][] {
  const byResources = new Map<string, string[]>();
  const resourcesOf = new Map<string, string[]>();
  for (const o of omitted) {
    const where = o.namespace ?? '';
    resourcesOf.set(where, [...(resourcesOf.get(where) ?? []), o.resource]);
  }
  for (const [where, resources] of resourcesOf) {
    const key = resources.join(', ');
    byResources.set(key, [...(byResources.get(key) ?? []), where]);
  }
  return [...byResources.entries()].map(([resources, wheres]) => {
    return [wheres.filter(Boolean), resources.split(', ')];
  });
}

export function SignalsPanel({ data, now }: { data: ClusterSignals; now: number }) {
  const t = useTranslations('Alarms');
  const { forSince } = useAlarmWords();
  const { signalTitle, signalMessage } = useSignalWords();
  const omitted = data.sources.flatMap((s) => s.omitted.map((o) => ({ ...o, resource: s.resource })));
  const failed = data.sources.filter((s) => s.error);
  // Every read failed (the cluster is unreachable): no signal means nothing was seen, not that nothing is wrong.
  const nothingRead = failed.length > 0 && failed.length === data.sources.length;
  return (
    <div className="space-y-2">
      {nothingRead ? (
        <div className="p-2">
          <SectionError what={t('clusterSignals')} error={failed[0].error} />
        </div>
      ) : data.signals.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-600">{t('nothingWrong')}</p>
      ) : (
        <ul aria-label={t('clusterSignals')}>
          {data.signals.map((s) => (
            <li key={s.id} className="border-b border-slate-100 px-3 py-2 last:border-b-0" data-testid="signal" data-kind={s.kind}>
              <div className="flex items-baseline gap-2">
                <span className={`h-2 w-2 shrink-0 rounded-full ${s.severity === 'critical' ? 'bg-red-600' : 'bg-amber-500'}`} role="img" aria-label={s.severity} />
                <Link href={s.links.object} className="min-w-0 break-words font-mono text-[13px] font-medium text-sky-800 hover:underline">
                  {signalTitle(s)}
                </Link>
              </div>
              <p className="ml-4 break-words text-xs text-slate-700">
                <span className="font-semibold">{s.kind}</span> · {signalMessage(s)}
                {s.since && <span className="text-slate-500"> · {forSince(s.since, now)}</span>}
              </p>
              <p className="ml-4 flex gap-3 text-xs">
                <Link href={s.links.events} className="text-sky-700 hover:underline">
                  {t('events')}
                </Link>
                {s.links.logs && (
                  <Link href={s.links.logs} className="text-sky-700 hover:underline" data-testid="signal-logs">
                    {t('logs')}
                  </Link>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {(omitted.length > 0 || (failed.length > 0 && !nothingRead)) && (
        <div className="space-y-0.5 border-t border-slate-100 px-3 py-2 text-xs text-slate-600" aria-label={t('notChecked')} role="group">
          {notChecked(omitted).map(([namespaces, resources]) => (
            <p key={namespaces.join()}>{t('notCheckedIn', { scope: namespaces.length ? 'namespaces' : 'cluster', namespaces: namespaces.join(', '), resources: resources.join(', ') })}</p>
          ))}
          {omitted.length > 0 && (
            <details>
              <summary className="cursor-pointer text-slate-500">{t('apiAnswers')}</summary>
              <ul className="mt-1 space-y-0.5 font-mono text-[11px]">
                {omitted.map((o) => (
                  <li key={`${o.resource}-${o.namespace ?? ''}`}>{o.reason}</li>
                ))}
              </ul>
            </details>
          )}
          {!nothingRead &&
            failed.map((s) => (
              <p key={s.resource} className="text-amber-800">
                {t('couldNotRead', { resource: s.resource, message: s.error!.message })}
              </p>
            ))}
        </div>
      )}
    </div>
  );
}
