import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { WarningEvent } from '@/server/k8s/overview';
import { resourcesQuery } from '../api/queries/resources';
import { ObjectRefLink } from '../events/object-ref-link';
import { messageCell } from '../table/message-cell';
import { age } from '../table/panel';
import { OverviewTable } from './overview-table';

/** The namespace's latest Warning events, as `kubectl get events --field-selector type=Warning` lists them; each object links to its page. */
export function WarningEventsTable({ cluster, namespace, events, now }: { cluster: string; namespace: string; events: WarningEvent[]; now: number }) {
  const t = useTranslations('Overview');
  const served = useQuery(resourcesQuery(cluster, namespace)).data?.resources;
  if (events.length === 0) return <p className="text-sm text-slate-600">{t('noWarnings')}</p>;
  return (
    <OverviewTable label={t('warningEvents')} headers={[t('colLastSeen'), t('colReason'), t('colObject'), t('colMessage'), t('colCount')]} bodyClassName="text-[13px]">
      {events.map((event, i) => (
        <tr key={`${i}-${event.kind}-${event.name}-${event.reason}`} className="border-b border-slate-100 align-top last:border-0 hover:bg-slate-50">
          <td className="whitespace-nowrap px-2 py-1 tabular-nums">{age(event.lastSeen, now)}</td>
          <td className="px-2 py-1 font-semibold text-amber-800">{event.reason}</td>
          <td className="whitespace-nowrap px-2 py-1 font-mono">
            <ObjectRefLink cluster={cluster} served={served} object={{ kind: event.kind, name: event.name, namespace: event.namespace || namespace, apiVersion: event.apiVersion }} />
          </td>
          <td className={`px-2 py-1 ${messageCell}`}>{event.message}</td>
          <td className="px-2 py-1 tabular-nums">{event.count}</td>
        </tr>
      ))}
    </OverviewTable>
  );
}
