'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { SimpleTable } from '../table/simple-table';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { useSelfCheck, useWhoCan, type PermissionQuery } from './api';
import { bindingHref, roleHref } from './links';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', '*'];

function Unreadable({ items }: { items: { resource: string; namespace?: string; message: string }[] }) {
  const t = useTranslations('Access');
  if (items.length === 0) return null;
  return (
    <div role="note" aria-label={t('incompleteAnswer')} className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="font-semibold">{t('incompleteAnswerText')}</p>
      <ul className="mt-1 list-disc pl-5 font-mono text-xs">
        {items.map((u) => (
          <li key={`${u.resource}/${u.namespace ?? ''}`}>{u.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** The caller's own answer, which needs no RBAC objects: the API server's access review. */
function SelfAnswer({ cluster, permission }: { cluster: string; permission: PermissionQuery }) {
  const t = useTranslations('Access');
  const check = useSelfCheck(cluster, permission);
  if (check.isError) return <ErrorView error={check.error} compact />;
  if (!check.data) return null;
  const { allowed, reason, subject, grantedBy } = check.data;
  return (
    <p
      role="status"
      aria-label={t('yourAnswer')}
      className={`rounded border p-2 text-sm ${allowed ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-slate-300 bg-white text-slate-800'}`}
    >
      {t.rich('selfAnswer', { allowed: String(allowed), user: subject.user, mono: (chunks) => <span className="font-mono">{chunks}</span> })}
      {reason && <span className="ml-1 font-mono text-xs">{reason}</span>}
      {allowed && grantedBy.length === 0 && check.data.unreadable.length > 0 && <span className="ml-1 text-xs">{t('bindingsUnreadable')}</span>}
    </p>
  );
}

/** "Who can VERB RESOURCE in NAMESPACE": every subject, with the binding and role that grant it. */
export function WhoCan({ cluster, namespace }: { cluster: string; namespace: string }) {
  const t = useTranslations('Access');
  const [form, setForm] = useState({ verb: 'list', resource: 'pods', group: '', subresource: '', clusterScope: false });
  const [asked, setAsked] = useState<PermissionQuery | undefined>(undefined);
  const answer = useWhoCan(cluster, asked);
  const field = (name: 'resource' | 'group' | 'subresource', label: string, placeholder: string) => (
    <label className="flex flex-col">
      <span className="text-xs text-slate-600">{label}</span>
      <input value={form[name]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [name]: e.target.value.trim() })} className="w-40 rounded border border-slate-300 px-2 py-1 font-mono" />
    </label>
  );
  return (
    <div className="space-y-3">
      <form
        aria-label={t('whoCan')}
        className="flex flex-wrap items-end gap-2 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked({ verb: form.verb, resource: form.resource, group: form.group, subresource: form.subresource, namespace: form.clusterScope ? '' : namespace });
        }}
      >
        <label className="flex flex-col">
          <span className="text-xs text-slate-600">{t('verb')}</span>
          <select value={form.verb} onChange={(e) => setForm({ ...form, verb: e.target.value })} className="rounded border border-slate-300 px-2 py-1">
            {VERBS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        {field('resource', t('resource'), 'pods')}
        {field('subresource', t('subresource'), 'log')}
        {field('group', t('apiGroup'), t('coreHint'))}
        <label className="flex items-center gap-1 pb-1.5">
          <input type="checkbox" checked={form.clusterScope || !namespace} disabled={!namespace} onChange={(e) => setForm({ ...form, clusterScope: e.target.checked })} />
          {t('clusterScopeLower')}
        </label>
        <span className="pb-1.5 text-slate-600">
          {form.clusterScope || !namespace ? '' : <>{t.rich('inNamespace', { namespace, mono: (chunks) => <span className="font-mono">{chunks}</span> })}</>}
        </span>
        <button type="submit" disabled={!form.resource} className="rounded bg-sky-700 px-3 py-1 text-white hover:bg-sky-800 disabled:opacity-50">
          {t('whoCanButton')}
        </button>
      </form>
      {!asked ? (
        <p className="text-sm text-slate-600">{t('whoCanNote')}</p>
      ) : answer.isError ? (
        <ErrorView error={answer.error} />
      ) : !answer.data ? (
        <Skeleton className="h-32 w-full" label={t('readingRbac')} />
      ) : (
        <>
          <SelfAnswer cluster={cluster} permission={asked} />
          <Unreadable items={answer.data.unreadable} />
          {answer.data.entries.length === 0 ? (
            <p role="status" className="text-sm text-slate-700">
              {t('noSubject', { unreadable: String(answer.data.unreadable.length > 0) })}
            </p>
          ) : (
            <SimpleTable
              label={t('subjectsWhoCan')}
              rows={answer.data.entries}
              rowKey={(e) => `${e.subject.kind}/${e.subject.namespace ?? ''}/${e.subject.name}/${e.binding.kind}/${e.binding.namespace ?? ''}/${e.binding.name}`}
              columns={[
                { header: t('kind'), cell: (e) => e.subject.kind },
                { header: t('subject'), cell: (e) => (e.subject.namespace ? `${e.subject.namespace}/${e.subject.name}` : e.subject.name) },
                {
                  header: t('binding'),
                  cell: (e) => (
                    <Link
                      className="text-sky-800 hover:underline"
                      href={bindingHref(cluster, e.binding)}
                    >{`${e.binding.kind} ${e.binding.namespace ? `${e.binding.namespace}/` : ''}${e.binding.name}`}</Link>
                  ),
                },
                {
                  header: t('role'),
                  cell: (e) => (
                    <>
                      <Link className="text-sky-800 hover:underline" href={roleHref(cluster, e.role)}>{`${e.role.kind} ${e.role.name}`}</Link>
                      {e.role.aggregatedFrom && <span className="text-slate-500"> {t('via', { roles: e.role.aggregatedFrom.join(', ') })}</span>}
                    </>
                  ),
                },
              ]}
            />
          )}
          {answer.data.unresolved.length > 0 && (
            <p className="text-xs text-slate-600">
              {t('unresolved')} {answer.data.unresolved.map((u) => `${u.binding.kind} ${u.binding.name} (${u.reason})`).join('; ')}
            </p>
          )}
        </>
      )}
    </div>
  );
}
