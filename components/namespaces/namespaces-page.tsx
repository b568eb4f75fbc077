'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
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

/** The namespace-scoped pages a namespace links to, each by its name in the navigation. */
const PAGES = ['pods', 'workloads', 'events', 'autoscaling', 'secrets', 'access'] as const;

function Part<T>({ what, section, children }: { what: string; section: Section<T>; children: (data: T) => React.ReactNode }) {
  return 'error' in section ? <SectionError what={what} error={section.error} /> : <>{children(section.data)}</>;
}

function Quotas({ quotas }: { quotas: QuotaRow[] }) {
  const t = useTranslations('Namespaces');
  if (quotas.length === 0) return <p className="text-sm text-slate-500">{t('noQuota')}</p>;
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
              { header: t('resource'), cell: (r) => <span className="font-mono">{r.resource}</span> },
              { header: t('used'), cell: (r) => <span className="font-mono tabular-nums">{r.used}</span> },
              { header: t('hard'), cell: (r) => <span className="font-mono tabular-nums">{r.hard}</span> },
            ]}
          />
        </div>
      ))}
    </div>
  );
}

function LimitRanges({ ranges }: { ranges: LimitRangeRow[] }) {
  const t = useTranslations('Namespaces');
  if (ranges.length === 0) return <p className="text-sm text-slate-500">{t('noLimitRange')}</p>;
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
              { header: t('type'), cell: (l) => l.type },
              { header: t('resource'), cell: (l) => mono(l.resource) },
              { header: t('min'), cell: (l) => mono(l.min) },
              { header: t('max'), cell: (l) => mono(l.max) },
              { header: t('defaultRequest'), cell: (l) => mono(l.defaultRequest) },
              { header: t('defaultLimit'), cell: (l) => mono(l.default) },
              { header: t('maxRatio'), cell: (l) => mono(l.maxLimitRequestRatio) },
            ]}
          />
        </div>
      ))}
    </div>
  );
}

function Verbs({ rows }: { rows: NamespaceVerbs[] }) {
  const t = useTranslations('Namespaces');
  return (
    <ul aria-label={t('whatYouMayDo')} className="divide-y divide-slate-100 text-sm">
      {rows.map((r) => (
        <li key={r.label} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1">
          <span className="w-full break-all font-mono text-xs sm:w-64">{r.label}</span>
          <span className="flex flex-wrap gap-1" role="img" aria-label={t('verbsLabel', { resource: r.label, verbs: r.verbs.length ? r.verbs.join(', ') : t('nothing') })}>
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
  const t = useTranslations('Namespaces');
  const nav = useTranslations('Nav');
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
              {t('age', { age: age(object.creationTimestamp, now) })}
            </span>
          </>
        )}
        <nav aria-label={t('pagesOf', { namespace: detail.name })} className="ml-auto flex flex-wrap gap-2 text-sm">
          {PAGES.map((page) => (
            <Link key={page} href={clusterHref(cluster, page, detail.name)} className="text-sky-800 hover:underline">
              {nav(page)}
            </Link>
          ))}
        </nav>
      </header>
      <div className="grid gap-4 p-3 lg:grid-cols-2">
        <div className="min-w-0 space-y-3">
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('labels')}</h3>
            {object ? (
              <KeyValues values={object.labels} label={t('labelsOf', { namespace: detail.name })} />
            ) : (
              <Part what={t('labels')} section={detail.object}>
                {() => null}
              </Part>
            )}
          </div>
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('resourceQuotas')}</h3>
            <Part what={t('resourceQuotas')} section={detail.quotas}>
              {(quotas) => <Quotas quotas={quotas} />}
            </Part>
          </div>
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('limitRanges')}</h3>
            <Part what={t('limitRanges')} section={detail.limitRanges}>
              {(ranges) => <LimitRanges ranges={ranges} />}
            </Part>
          </div>
        </div>
        <div className="min-w-0">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('whatYouMayDo')}</h3>
          <Part what={t('whatYouMayDo')} section={detail.access}>
            {(rows) => <Verbs rows={rows} />}
          </Part>
        </div>
      </div>
    </section>
  );
}

/** Every namespace the user can use: phase, age, labels, quotas, limit ranges and what the user may do there. */
export function NamespacesPage({ cluster }: { cluster: string }) {
  const t = useTranslations('Namespaces');
  const current = useSearchParams().get('namespace') ?? '';
  const details = useQuery(namespaceDetailsQuery(cluster, [current]));
  const now = useNow();
  if (details.isError) return <ErrorView error={details.error} />;
  if (!details.data) return <Skeleton className="h-64 w-full" label={t('loading')} />;
  const { namespaces, omitted, canListAll } = details.data;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="text-sm text-slate-600">{canListAll ? t('count', { count: namespaces.length }) : t('countUsable', { count: namespaces.length })}</span>
      </div>
      <OmittedNote omitted={omitted} title={t('leftOut')} />
      {namespaces.map((detail) => (
        <NamespaceCard key={detail.name} cluster={cluster} detail={detail} now={now} />
      ))}
    </div>
  );
}
