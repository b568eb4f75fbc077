'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useNamespaces } from '../api/cluster';
import { logsInsightsHref } from '../logs-insights/links';
import { podHref } from '../pods/links';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { severityClasses, SEVERITY_ORDER, statusSeverity } from '../ui/severity';
import { StatusBadge } from '../ui/status-badge';
import { UpdatedAgo } from '../ui/updated-ago';
import { useNow } from '../table/use-now';
import { statusChipHref } from './links';
import { OverviewTable } from './overview-table';
import { SectionPanel } from './section';
import { useOverview } from './use-overview';
import { WarningEventsTable } from './warning-events';
import type { ProblemPod } from '../api/types';

export function OverviewPage({ cluster }: { cluster: string }) {
  const namespace = useSearchParams().get('namespace') ?? '';
  const namespaces = useNamespaces(cluster, namespace ? [namespace] : []);
  const overview = useOverview(cluster, namespace);
  const noNamespace = !namespace && namespaces.data?.namespaces.length === 0;
  const data = overview.data;
  const now = useNow(10_000);
  const t = useTranslations('Overview');

  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        {namespace && (
          <span className="font-mono text-sm text-slate-600">
            {cluster} / {namespace}
          </span>
        )}
        {namespace && (
          <Link href={logsInsightsHref(cluster, { namespace })} className="text-sm text-sky-800 hover:underline">
            {t('logsInsights')}
          </Link>
        )}
        <span className="ml-auto">
          <UpdatedAgo at={overview.dataUpdatedAt} />
        </span>
      </div>
      {noNamespace ? (
        <p role="status" className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
          {t('noNamespace')}
        </p>
      ) : overview.isError && !data ? (
        <ErrorView error={overview.error} />
      ) : !data ? (
        // One placeholder for the whole page: the sections arrive together, and a 403 panel or a long list in one
        // of them would otherwise push the ones below down as they replace their own small skeletons.
        <Skeleton className="h-[calc(100vh-9rem)] w-full" label={t('loadingSection', { title: t('title') })} />
      ) : (
        <>
          {overview.isError && <ErrorView error={overview.error} compact />}
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
            <SectionPanel title={t('podsByStatus')} main section={data?.pods} className="lg:col-span-2">
              {(pods) => <PodsByStatus cluster={cluster} namespace={namespace} total={pods.total} byStatus={pods.byStatus} />}
            </SectionPanel>
            <div className="space-y-4">
              <SectionPanel title={t('nodes')} section={data?.nodes}>
                {(nodes) => <NodesSummary {...nodes} />}
              </SectionPanel>
              <SectionPanel title={t('serverVersion')} section={data?.version}>
                {(version) => (
                  <p className="font-mono text-sm">
                    {version.gitVersion} <span className="text-slate-500">{version.platform}</span>
                  </p>
                )}
              </SectionPanel>
            </div>
            <SectionPanel title={t('problemPods')} section={data?.pods} className="lg:col-span-3">
              {(pods) => <ProblemPodsTable cluster={cluster} namespace={namespace} problems={pods.problems} />}
            </SectionPanel>
            <SectionPanel title={t('warningEvents')} anchor="events" section={data?.warnings} className="lg:col-span-3">
              {(events) => <WarningEventsTable cluster={cluster} namespace={namespace} events={events} now={now} />}
            </SectionPanel>
          </div>
        </>
      )}
    </div>
  );
}

function PodsByStatus({ cluster, namespace, total, byStatus }: { cluster: string; namespace: string; total: number; byStatus: Record<string, number> }) {
  const entries = Object.entries(byStatus).sort(
    ([a, countA], [b, countB]) => SEVERITY_ORDER.indexOf(statusSeverity(a)) - SEVERITY_ORDER.indexOf(statusSeverity(b)) || countB - countA || a.localeCompare(b),
  );
  const t = useTranslations('Overview');
  return (
    <div>
      <p className="text-sm text-slate-600">{t.rich('pods', { total, count: (chunks) => <span className="text-2xl font-semibold tabular-nums text-slate-900">{chunks}</span> })}</p>
      {total > 0 && (
        <div className="mt-2 flex h-2 overflow-hidden rounded bg-slate-100" aria-hidden>
          {entries.map(([status, count]) => (
            <div key={status} className={severityClasses[statusSeverity(status)].dot} style={{ width: `${(count / total) * 100}%` }} />
          ))}
        </div>
      )}
      <ul aria-label={t('podsByStatus')} className="mt-3 flex flex-wrap gap-2">
        {entries.map(([status, count]) => (
          <li key={status}>
            <Link href={statusChipHref(cluster, namespace, status)} className="inline-block rounded hover:brightness-95">
              <StatusBadge status={status} count={count} />
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NodesSummary({ total, ready, notReady }: { total: number; ready: number; notReady: string[] }) {
  const t = useTranslations('Overview');
  return (
    <div>
      <p className="text-sm text-slate-600">
        <span className={`text-2xl font-semibold tabular-nums ${ready < total ? 'text-amber-700' : 'text-slate-900'}`}>
          {ready}/{total}
        </span>{' '}
        {t('ready')}
      </p>
      {notReady.length > 0 && <p className="mt-1 text-xs text-slate-600">{t.rich('notReady', { names: notReady.join(', '), mono: (chunks) => <span className="font-mono">{chunks}</span> })}</p>}
    </div>
  );
}

function ProblemPodsTable({ cluster, namespace, problems }: { cluster: string; namespace: string; problems: ProblemPod[] }) {
  const t = useTranslations('Overview');
  if (problems.length === 0) return <p className="text-sm text-slate-600">{t('noProblemPods')}</p>;
  return (
    <OverviewTable label={t('problemPods')} headers={[t('colName'), t('colStatus'), t('colReady'), t('colRestarts'), t('colAge')]} bodyClassName="font-mono text-[13px]">
      {problems.map((pod) => (
        <tr key={pod.name} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
          <td className="px-2 py-1">
            <Link href={podHref(cluster, namespace, pod.name)} className="text-sky-800 hover:underline">
              {pod.name}
            </Link>
          </td>
          <td className="px-2 py-1">
            <StatusBadge status={pod.status} />
          </td>
          <td className="px-2 py-1 tabular-nums">{pod.ready}</td>
          <td className="px-2 py-1 tabular-nums">{pod.restarts}</td>
          <td className="px-2 py-1 tabular-nums">{pod.age}</td>
        </tr>
      ))}
    </OverviewTable>
  );
}
