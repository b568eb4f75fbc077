import { useTranslations } from 'next-intl';
import type { EventRow } from '@/server/k8s/events';
import type { Section } from '../api/types';
import { messageCell } from '../table/message-cell';
import { Panel, useAgo } from '../table/panel';

export type { EventRow };

/** Newest first, Warning highlighted, as `kubectl events` with count and first/last seen. */
export function EventsTable({ events, now, showObject = false }: { events: EventRow[]; now: number; showObject?: boolean }) {
  const ago = useAgo();
  const t = useTranslations('Events');
  if (events.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  const sorted = [...events].sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  return (
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm" aria-label={t('table')}>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <th className="px-2 py-1">{t('type')}</th>
            <th className="px-2 py-1">{t('reason')}</th>
            {showObject && <th className="px-2 py-1">{t('object')}</th>}
            <th className="px-2 py-1">{t('from')}</th>
            <th className="px-2 py-1">{t('message')}</th>
            <th className="px-2 py-1 text-right">{t('count')}</th>
            <th className="px-2 py-1">{t('firstSeen')}</th>
            <th className="px-2 py-1">{t('lastSeen')}</th>
          </tr>
        </thead>
        <tbody className="text-[13px]">
          {sorted.map((event, index) => (
            <tr key={index} data-event-type={event.type} className={`border-b border-slate-100 last:border-0 ${event.type === 'Warning' ? 'bg-amber-50 text-amber-950' : ''}`}>
              <td className={`px-2 py-1 font-mono ${event.type === 'Warning' ? 'font-semibold text-amber-800' : ''}`}>{event.type}</td>
              <td className="px-2 py-1 font-mono">{event.reason}</td>
              {showObject && <td className="px-2 py-1 font-mono">{event.object}</td>}
              <td className="px-2 py-1 font-mono text-xs text-slate-600">{event.from}</td>
              <td className={`px-2 py-1 ${messageCell}`}>{event.message}</td>
              <td className="px-2 py-1 text-right tabular-nums">{event.count}</td>
              <td className="px-2 py-1 whitespace-nowrap tabular-nums text-slate-600">{ago(event.firstSeen, now)}</td>
              <td className="px-2 py-1 whitespace-nowrap tabular-nums text-slate-600">{ago(event.lastSeen, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An object's events as a page panel, the whole width of the page's grid, with the events' own error when they could not be read. */
export function EventsPanel({ events, now, anchor }: { events: Section<EventRow[]>; now: number; anchor?: string }) {
  const t = useTranslations('Events');
  return (
    <Panel title={t('table')} anchor={anchor} data={'data' in events ? events.data : undefined} error={'error' in events ? events.error : undefined} className="xl:col-span-2">
      {(rows) => <EventsTable events={rows} now={now} />}
    </Panel>
  );
}
