'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useHiddenAlarmsText } from '@/components/alarms/alarm-parts';
import { useAlarms } from '@/components/alarms/use-alarms';
import type { AlarmWidget as Spec } from '@/lib/dashboards/model';
import { WidgetFrame } from './frame';
import { useRefetchOnRun } from './use-refetch-on-run';

const STATE_CLASSES: Record<string, string> = {
  ALARM: 'bg-red-50 text-red-800 ring-red-600/30',
  OK: 'bg-green-50 text-green-800 ring-green-600/30',
  INSUFFICIENT_DATA: 'bg-slate-50 text-slate-700 ring-slate-400/30',
};

/** The named alarms' states, from the console's alarms API as the viewer may see them. */
export function AlarmWidget({ widget, cluster, runKey, actions }: { widget: Spec; cluster: string; runKey: number; actions?: React.ReactNode }) {
  const t = useTranslations('Dashboards');
  const hiddenText = useHiddenAlarmsText();
  const list = useAlarms(cluster, { poll: false });
  useRefetchOnRun(runKey, list.refetch);
  const byKey = new Map((list.data?.alarms ?? []).flatMap((a) => [[a.arn, a] as const, [a.name, a] as const]));
  return (
    <WidgetFrame title={widget.title || t('alarms')} progress={list.isFetching ? t('loading') : undefined} error={list.error ?? undefined} actions={actions}>
      {list.data && (
        <ul className="space-y-1 text-xs">
          {widget.alarms.map((key) => {
            const alarm = byKey.get(key);
            const name = key.split(':alarm:')[1] ?? key;
            return (
              <li key={key} className="flex items-center gap-2">
                {alarm ? (
                  <>
                    <span className={`rounded px-1.5 font-medium ring-1 ring-inset ${STATE_CLASSES[alarm.state] ?? STATE_CLASSES.INSUFFICIENT_DATA}`}>{alarm.state}</span>
                    <Link className="truncate font-mono text-blue-700 hover:underline" href={`/c/${encodeURIComponent(cluster)}/alarms/${encodeURIComponent(alarm.name)}`}>
                      {alarm.name}
                    </Link>
                  </>
                ) : (
                  <>
                    <span className="rounded px-1.5 text-slate-600 ring-1 ring-inset ring-slate-300">{t('notShownBadge')}</span>
                    <span className="truncate font-mono">{name}</span>
                  </>
                )}
              </li>
            );
          })}
          {widget.alarms.some((k) => !byKey.has(k)) && (
            <li className="text-slate-500">{list.data.hidden.length ? t('alarmsNotShownHidden', { reasons: list.data.hidden.map((h) => hiddenText(h).reason).join('; ') }) : t('alarmsNotShown')}</li>
          )}
        </ul>
      )}
    </WidgetFrame>
  );
}
