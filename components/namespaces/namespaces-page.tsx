'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import type { LimitRangeRow, NamespaceVerbs, QuotaRow } from '@/server/k8s/namespaces';
import { namespaceDetailsQuery, type NamespaceDetail } from '../api/queries/namespaces';
import type { Section } from '../api/types';
import { clusterHref } from '../shell/urls';
import { age, KeyValues } from '../table/panel';
import { SimpleTable } from '../table/simple-table';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { SectionError } from '../ui/restricted-note';
import { Skeleton } from '../ui/skeleton';
import { OmittedNote } from '../ui/omitted-note';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

/** The namespace-scoped pages a namespace links to. */
const PAGES: [string, string][] = [
  ['Pods', 'pods'],
  ['Workloads', 'workloads'],
  ['Events', 'events'],
  ['Autoscaling', 'autoscaling'],
  ['Secrets', 'secrets'],
  ['Access', 'access'],
];

function Part<T>({ what, section, children }: { what: string; section: Section<T>; children: (data: T) => React.ReactNode }) {
  return 'error' in section ? <SectionError what={what} error={section.error} /> : <>{children(section.data)}</>;
}

function Quotas({ quotas }: { quotas: QuotaRow[] }) {
  if (quotas.length === 0) return <p className="text-sm text-slate-500">No ResourceQuota.</p>;
  return (
    <div className="space-y-2">
      {quotas.map((quota) => (
        <div key={quota.name}>
          <p className="font-mono text-xs font-semibold text-slate-700">{quota.name}</p>
          <SimpleTable
            label={`ResourceQuota ${quota.name}`}
            rows={quota.resources}
            rowKey={(r) => r.resource}
            columns={[
              { header: 'Resource', cell: (r) => <span className="font-mono">{r.resource}</span> },
              { header: 'Used', cell: (r) => <span className="font-mono tabular-nums">{r.used}</span> },
              { header: 'Hard', cell: (r) => <span className="font-mono tabular-nums">{r.hard}</span> },
            ]}
          />
        </div>
      ))}
    </div>
  );
}

function LimitRanges({ ranges }: { ranges: LimitRangeRow[] }) {
  if (ranges.length === 0) return <p className="text-sm text-slate-500">No LimitRange.</p>;
  const mono = (text: string) => <span className="font-mono">{text}</span>;
  return (
    <div className="space-y-2">
      {ranges.map((range) => (
        <div key={range.name}>
          <p className="font-mono text-xs font-semibold text-slate-700">{range.name}</p>
          <SimpleTable
            label={`LimitRange ${range.name}`}
            rows={range.limits}
            rowKey={(l) => `${l.type}/${l.resource}`}
            columns={[
              { header: 'Type', cell: (l) => l.type },
              { header: 'Resource', cell: (l) => mono(l.resource) },
              { header: 'Min', cell: (l) => mono(l.min) },
              { header: 'Max', cell: (l) => mono(l.max) },
              { header: 'Default request', cell: (l) => mono(l.defaultRequest) },
              { header: 'Default limit', cell: (l) => mono(l.default) },
              { header: 'Max limit/request ratio', cell: (l) => mono(l.maxLimitRequestRatio) },
            ]}
          />
        </div>
      ))}
    </div>
  );
}

function Verbs({ rows }: { rows: NamespaceVerbs[] }) {
  return (
    <ul aria-label="What you may do" className="divide-y divide-slate-100 text-sm">
      {rows.map((r) => (
        <li key={r.label} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1">
          <span className="w-full break-all font-mono text-xs sm:w-64">{r.label}</span>
          <span className="flex flex-wrap gap-1" role="img" aria-label={`${r.label}: ${r.verbs.length ? r.verbs.join(', ') : 'nothing'}`}>
            {VERBS.map((verb) => {
              const allowed = r.verbs.includes(verb);
              return (
                <span
                  key={verb}
                  aria-hidden
                  data-allowed={allowed}
                  className={`rounded px-1 text-[11px] font-semibold ${allowed ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-slate-600 line-through'}`}
                >
                  {verb}
                </span>
              );
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function NamespaceCard({ cluster, detail, now }: { cluster: string; detail: NamespaceDetail; now: number }) {
  const object = 'data' in detail.object ? detail.object.data : undefined;
  return (
    <section aria-labelledby={`ns-${detail.name}`} className="min-w-0 rounded-md border border-slate-200 bg-white">
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-2">
        <h2 id={`ns-${detail.name}`} className="font-mono text-base font-semibold">
          {detail.name}
        </h2>
        {object && (
          <>
            <span className={`rounded px-1.5 text-xs font-semibold ${object.phase === 'Active' ? 'bg-emerald-100 text-emerald-900' : 'bg-amber-100 text-amber-900'}`}>{object.phase}</span>
            <span className="text-xs text-slate-600" title={object.creationTimestamp}>
              age {age(object.creationTimestamp, now)}
            </span>
          </>
        )}
        <nav aria-label={`Pages of ${detail.name}`} className="ml-auto flex flex-wrap gap-2 text-sm">
          {PAGES.map(([label, page]) => (
            <Link key={page} href={clusterHref(cluster, page, detail.name)} className="text-sky-800 hover:underline">
              {label}
            </Link>
          ))}
        </nav>
      </header>
      <div className="grid gap-4 p-3 lg:grid-cols-2">
        <div className="min-w-0 space-y-3">
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Labels</h3>
            {object ? (
              <KeyValues values={object.labels} label={`Labels of ${detail.name}`} />
            ) : (
              <Part what="Labels" section={detail.object}>
                {() => null}
              </Part>
            )}
          </div>
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Resource quotas</h3>
            <Part what="Resource quotas" section={detail.quotas}>
              {(quotas) => <Quotas quotas={quotas} />}
            </Part>
          </div>
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Limit ranges</h3>
            <Part what="Limit ranges" section={detail.limitRanges}>
              {(ranges) => <LimitRanges ranges={ranges} />}
            </Part>
          </div>
        </div>
        <div className="min-w-0">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">What you may do</h3>
          <Part what="What you may do" section={detail.access}>
            {(rows) => <Verbs rows={rows} />}
          </Part>
        </div>
      </div>
    </section>
  );
}

/** Every namespace the user can use: phase, age, labels, quotas, limit ranges and what the user may do there. */
export function NamespacesPage({ cluster }: { cluster: string }) {
  const current = useSearchParams().get('namespace') ?? '';
  const details = useQuery(namespaceDetailsQuery(cluster, [current]));
  const now = useNow();
  if (details.isError) return <ErrorView error={details.error} />;
  if (!details.data) return <Skeleton className="h-64 w-full" label="Loading namespaces" />;
  const { namespaces, omitted, canListAll } = details.data;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">Namespaces</h1>
        <span className="text-sm text-slate-600">
          {namespaces.length} {namespaces.length === 1 ? 'namespace' : 'namespaces'}
          {canListAll ? '' : ' you can use (you may not list every namespace)'}
        </span>
      </div>
      <OmittedNote omitted={omitted} title="Left out:" />
      {namespaces.map((detail) => (
        <NamespaceCard key={detail.name} cluster={cluster} detail={detail} now={now} />
      ))}
    </div>
  );
}
