import { useTranslations } from 'next-intl';
import Link from 'next/link';
import type { WarningEvent } from '@/server/k8s/overview';
import { podHref } from '../pods/links';
import { messageCell } from '../table/message-cell';
import { age } from '../table/panel';
import { OverviewTable } from './overview-table';

const headers = ['LAST SEEN', 'REASON', 'OBJECT', 'MESSAGE', 'COUNT'];

/** The namespace's latest Warning events, as `kubectl get events --field-selector type=Warning` lists them; a Pod links to its page. */
export function WarningEventsTable({ cluster, namespace, events, now }: { cluster: string; namespace: string; events: WarningEvent[]; now: number }) {
  const t = useTranslations('Overview');
  if (events.length === 0) return <p className="text-sm text-slate-600">{t('noWarnings')}</p>;
  return (
    <OverviewTable label={t('warningEvents')} headers={headers} bodyClassName="text-[13px]">
      {events.map((event, i) => {
        const object = `${event.kind.toLowerCase()}/${event.name}`;
        return (
          <tr key={`${i}-${event.kind}-${event.name}-${event.reason}`} className="border-b border-slate-100 align-top last:border-0 hover:bg-slate-50">
            <td className="whitespace-nowrap px-2 py-1 tabular-nums">{age(event.lastSeen, now)}</td>
            <td className="px-2 py-1 font-semibold text-amber-800">{event.reason}</td>
            <td className="whitespace-nowrap px-2 py-1 font-mono">
              {event.kind === 'Pod' ? (
                <Link href={podHref(cluster, namespace, event.name)} className="text-sky-800 hover:underline">
                  {object}
                </Link>
              ) : (
                object
              )}
            </td>
            <td className={`px-2 py-1 ${messageCell}`}>{event.message}</td>
            <td className="px-2 py-1 tabular-nums">{event.count}</td>
          </tr>
        );
      })}
    </OverviewTable>
  );
}
