'use client';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useNamespaces } from '../api/cluster';
import { logsInsightsHref } from '../logs-insights/links';
import { podHref } from '../pods/links';
import { ErrorView } from '../ui/error-view';
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

  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Overview</h1>
        {namespace && (
          <span className="font-mono text-sm text-slate-600">
            {cluster} / {namespace}
          </span>
        )}
        {namespace && (
          <Link href={logsInsightsHref(cluster, { namespace })} className="text-sm text-sky-800 hover:underline">
            Logs Insights
          </Link>
        )}
        <span className="ml-auto">
          <UpdatedAgo at={overview.dataUpdatedAt} />
        </span>
      </div>
      {noNamespace ? (
        <p role="status" className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
          No namespace is available to you on this cluster. Open one by name from the namespace picker.
        </p>
      ) : overview.isError && !data ? (
        <ErrorView error={overview.error} />
      ) : (
        <>
          {overview.isError && <ErrorView error={overview.error} compact />}
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
            <SectionPanel title="Pods by status" section={data?.pods} className="lg:col-span-2">
              {(pods) => <PodsByStatus cluster={cluster} namespace={namespace} total={pods.total} byStatus={pods.byStatus} />}
            </SectionPanel>
            <div className="space-y-4">
              <SectionPanel title="Nodes" section={data?.nodes}>
                {(nodes) => <NodesSummary {...nodes} />}
              </SectionPanel>
              <SectionPanel title="Server version" section={data?.version}>
                {(version) => (
                  <p className="font-mono text-sm">
                    {version.gitVersion} <span className="text-slate-500">{version.platform}</span>
                  </p>
                )}
              </SectionPanel>
            </div>
            <SectionPanel title="Problem pods" section={data?.pods} className="lg:col-span-3">
              {(pods) => <ProblemPodsTable cluster={cluster} namespace={namespace} problems={pods.problems} />}
            </SectionPanel>
            <SectionPanel title="Warning events" anchor="events" section={data?.warnings} className="lg:col-span-3">
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
  return (
    <div>
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold tabular-nums text-slate-900">{total}</span> {total === 1 ? 'pod' : 'pods'}
      </p>
      {total > 0 && (
        <div className="mt-2 flex h-2 overflow-hidden rounded bg-slate-100" aria-hidden>
          {entries.map(([status, count]) => (
            <div key={status} className={severityClasses[statusSeverity(status)].dot} style={{ width: `${(count / total) * 100}%` }} />
          ))}
        </div>
      )}
      <ul aria-label="Pods by status" className="mt-3 flex flex-wrap gap-2">
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
  return (
    <div>
      <p className="text-sm text-slate-600">
        <span className={`text-2xl font-semibold tabular-nums ${ready < total ? 'text-amber-700' : 'text-slate-900'}`}>
          {ready}/{total}
        </span>{' '}
        ready
      </p>
      {notReady.length > 0 && (
        <p className="mt-1 text-xs text-slate-600">
          Not ready: <span className="font-mono">{notReady.join(', ')}</span>
        </p>
      )}
    </div>
  );
}

const headers = ['NAME', 'STATUS', 'READY', 'RESTARTS', 'AGE'];

function ProblemPodsTable({ cluster, namespace, problems }: { cluster: string; namespace: string; problems: ProblemPod[] }) {
  if (problems.length === 0) return <p className="text-sm text-slate-600">No pods with problems.</p>;
  return (
    <OverviewTable label="Problem pods" headers={headers} bodyClassName="font-mono text-[13px]">
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
