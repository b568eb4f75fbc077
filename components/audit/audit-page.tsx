'use client';
import Link from 'next/link';
import { useState } from 'react';
import { resourceObjectHref } from '../resources/links';
import { useAgo } from '../table/panel';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { useAudit, type AuditEntry, type AuditFilters } from './api';

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
  const ago = useAgo();
  const [filters, setFilters] = useState<AuditFilters>({ user: '', action: '', namespace: '' });
  const audit = useAudit(cluster, filters);
  const now = useNow(5000);
  const first = audit.data?.pages[0];
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">Audit trail</h1>
        {first && (
          <p className="text-sm text-slate-600" data-testid="audit-scope">
            {first.scope === 'cluster'
              ? 'Everyone’s actions on this cluster: you may list pods and events in all namespaces.'
              : `Your own actions (${first.username}); cluster-wide readers see everyone’s.`}
          </p>
        )}
      </div>
      <form className="flex flex-wrap gap-3 text-sm" onSubmit={(e) => e.preventDefault()}>
        <label className="flex items-center gap-1">
          User
          <input data-page-filter value={filters.user} onChange={(e) => setFilters({ ...filters, user: e.target.value.trim() })} className="w-40 rounded border border-slate-300 px-2 py-0.5" />
        </label>
        <label className="flex items-center gap-1">
          Action
          <select value={filters.action} onChange={(e) => setFilters({ ...filters, action: e.target.value })} className="rounded border border-slate-300 px-2 py-0.5">
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          Namespace
          <input value={filters.namespace} onChange={(e) => setFilters({ ...filters, namespace: e.target.value.trim() })} className="w-40 rounded border border-slate-300 px-2 py-0.5" />
        </label>
      </form>
      {audit.isError ? (
        <ErrorView error={audit.error} />
      ) : !audit.data ? (
        <Skeleton className="h-48 w-full" label="Loading the audit trail" />
      ) : entries.length === 0 ? (
        <p className="text-sm text-slate-500">No actions recorded.</p>
      ) : (
        <table className="w-full text-left text-sm" aria-label="Audit trail">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3">When</th>
              <th className="py-1 pr-3">Who</th>
              <th className="py-1 pr-3">Action</th>
              <th className="py-1 pr-3">Object</th>
              <th className="py-1">Answer</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-3" title={e.at}>
                  {ago(e.at, now)}
                  <div className="font-mono text-xs text-slate-500">{e.at.replace('T', ' ').slice(0, 19)} UTC</div>
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
                  <span className={`font-mono ${(e.status >= 200 && e.status < 300) || e.status === 101 ? 'text-emerald-700' : 'text-red-700'}`}>{e.status === 0 ? 'no answer' : e.status}</span>
                  {e.message && <div className="break-words font-mono text-xs text-slate-700">{e.message}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {audit.hasNextPage && (
        <button type="button" disabled={audit.isFetchingNextPage} onClick={() => audit.fetchNextPage()} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">
          {audit.isFetchingNextPage ? 'Loading…' : 'Older'}
        </button>
      )}
    </div>
  );
}
