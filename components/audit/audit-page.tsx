'use client';
import { useFormatter, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { resourceObjectHref } from '../resources/links';
import { useAgo } from '../table/panel';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { useAudit, type AuditEntry, type AuditFilters } from './api';

/** The instant itself, read the same by everyone whatever their time zone. */
const UTC_DATE_TIME = { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' } as const;

const ACTIONS = ['', 'scale', 'restart', 'pause', 'resume', 'undo', 'suspend', 'run', 'delete', 'apply', 'create', 'cordon', 'uncordon', 'drain', 'exec', 'attach'];

function ObjectCell({ cluster, entry }: { cluster: string; entry: AuditEntry }) {
  const text = `${entry.resource}${entry.subresource ? `/${entry.subresource}` : ''} ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name}`;
  if (!entry.name || entry.action === 'delete') return <span className="font-mono">{text}</span>;
  const ref = { group: entry.group || 'core', version: entry.version, resource: entry.resource };
  return (
    <Link href={resourceObjectHref(cluster, ref, entry.namespace, entry.name)} className="font-mono text-sky-800 hover:underline">
      {text}
    </Link>
  );
}

/** The audit trail: the writes made through the console on this cluster, with the API server's answer to each. */
export function AuditPage({ cluster }: { cluster: string }) {
  const t = useTranslations('Audit');
  const format = useFormatter();
  const ago = useAgo();
  const [filters, setFilters] = useState<AuditFilters>({ user: '', action: '', namespace: '' });
  const audit = useAudit(cluster, filters);
  const now = useNow(5000);
  const first = audit.data?.pages[0];
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        {first && (
          <p className="text-sm text-slate-600" data-testid="audit-scope">
            {first.scope === 'cluster' ? t('scopeCluster') : t('scopeOwn', { username: first.username })}
          </p>
        )}
      </div>
      <form className="flex flex-wrap gap-3 text-sm" onSubmit={(e) => e.preventDefault()}>
        <label className="flex items-center gap-1">
          {t('user')}
          <input data-page-filter value={filters.user} onChange={(e) => setFilters({ ...filters, user: e.target.value.trim() })} className="w-40 rounded border border-slate-300 px-2 py-0.5" />
        </label>
        <label className="flex items-center gap-1">
          {t('action')}
          <select value={filters.action} onChange={(e) => setFilters({ ...filters, action: e.target.value })} className="rounded border border-slate-300 px-2 py-0.5">
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a || t('any')}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          {t('namespace')}
          <input value={filters.namespace} onChange={(e) => setFilters({ ...filters, namespace: e.target.value.trim() })} className="w-40 rounded border border-slate-300 px-2 py-0.5" />
        </label>
      </form>
      {audit.isError ? (
        <ErrorView error={audit.error} />
      ) : !audit.data ? (
        <Skeleton className="h-48 w-full" label={t('loading')} />
      ) : entries.length === 0 ? (
        <p className="text-sm text-slate-500">{t('none')}</p>
      ) : (
        // A phone scrolls the trail inside its box, not the page.
        <div className="overflow-x-auto" tabIndex={0}>
          <table className="w-full text-left text-sm" aria-label={t('title')}>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-1 pr-3">{t('when')}</th>
                <th className="py-1 pr-3">{t('who')}</th>
                <th className="py-1 pr-3">{t('action')}</th>
                <th className="py-1 pr-3">{t('object')}</th>
                <th className="py-1">{t('answer')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-3" title={e.at}>
                    {ago(e.at, now)}
                    <div className="font-mono text-xs text-slate-500">{t('utc', { at: format.dateTime(Date.parse(e.at), UTC_DATE_TIME) })}</div>
                  </td>
                  <td className="py-1 pr-3 font-mono">{e.username}</td>
                  <td className="py-1 pr-3">
                    {e.action}
                    {Object.keys(e.detail).length > 0 && <div className="font-mono text-xs text-slate-500">{JSON.stringify(e.detail)}</div>}
                  </td>
                  <td className="py-1 pr-3">
                    <ObjectCell cluster={cluster} entry={e} />
                  </td>
                  <td className="py-1">
                    {/* 101: a terminal's stream was opened (Switching Protocols). */}
                    <span className={`font-mono ${(e.status >= 200 && e.status < 300) || e.status === 101 ? 'text-emerald-700' : 'text-red-700'}`}>{e.status === 0 ? t('noAnswer') : e.status}</span>
                    {e.message && <div className="break-words font-mono text-xs text-slate-700">{e.message}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage && (
        <button type="button" disabled={audit.isFetchingNextPage} onClick={() => audit.fetchNextPage()} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">
          {audit.isFetchingNextPage ? t('loadingMore') : t('older')}
        </button>
      )}
    </div>
  );
}
