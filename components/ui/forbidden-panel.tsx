'use client';
import { useFormatter, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { resourceLabel } from '@/lib/k8s/rbac/catalog';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import { grantedPermission, grantNotes } from '@/lib/k8s/rbac/grant-yaml';
import { useGrants, type Grants } from '../access/api';
import { roleHref } from '../access/links';
import { YamlView } from '../table/yaml-view';
import type { NextTry } from '../api/retry-scheduler';
import { grantNoteText } from './grant-notes';
import { NextTryCountdown } from './next-try';
import { Skeleton } from './skeleton';

function useClusterParam(): string {
  const value = useParams<{ cluster?: string }>()?.cluster ?? '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The missing permission spelled out: verb, resource, subresource, API group, scope, name. */
export function MissingFacts({ missing }: { missing: MissingPermission }) {
  const t = useTranslations('Forbidden');
  const facts: [string, string][] =
    missing.path !== undefined
      ? [
          [t('verb'), missing.verb],
          [t('path'), missing.path],
        ]
      : [
          [t('verb'), missing.verb],
          [t('resource'), missing.resource],
          [t('subresource'), missing.subresource || '—'],
          [t('apiGroup'), missing.group === '' ? t('coreGroup') : missing.group],
          [t('scope'), missing.namespace ? t('scopeNamespace', { namespace: missing.namespace }) : t('scopeCluster')],
          [t('name'), missing.name || t('anyName')],
        ];
  const needed = grantedPermission(missing).verbs;
  if (needed.length > 1) facts.push([t('pageNeeds'), needed.join(', ')]);
  return (
    <dl aria-label={t('missingPermission')} className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-sm">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-600">{term}</dt>
          <dd className="font-mono text-[13px] text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function GrantingRoles({ cluster, grants }: { cluster: string; grants: Grants }) {
  const t = useTranslations('Forbidden');
  return (
    <div className="space-y-2">
      {grants.roles.length > 0 ? (
        <ul aria-label={t('rolesThatGrant')} className="flex flex-wrap gap-1.5">
          {grants.roles.map((role) => (
            <li key={`${role.kind}/${role.namespace ?? ''}/${role.name}`}>
              <Link href={roleHref(cluster, role)} className="inline-block rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-xs text-sky-800 hover:bg-sky-50">
                {role.kind === 'Role' ? `Role ${role.namespace}/${role.name}` : `ClusterRole ${role.name}`}
                {role.aggregatedFrom && <span className="text-slate-500">{t('aggregatedFrom', { roles: role.aggregatedFrom.join(', ') })}</span>}
              </Link>
            </li>
          ))}
        </ul>
      ) : grants.unreadable.length === 0 ? (
        <p className="text-sm text-slate-700">{t('noRole')}</p>
      ) : null}
      {grants.unreadable.length > 0 && (
        <div role="note" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          <p>{t('unreadable')}</p>
          <ul className="mt-1 list-disc pl-5 font-mono text-xs">
            {grants.unreadable.map((u) => (
              <li key={`${u.resource}/${u.namespace ?? ''}`}>{u.message}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** What an admin can apply to grant it, and which existing roles already do. */
function HowToGetAccess({ cluster, missing }: { cluster: string; missing: MissingPermission }) {
  const t = useTranslations('Forbidden');
  const grants = useGrants(cluster, missing);
  if (!cluster) return null;
  if (grants.isPending) return <Skeleton className="h-16 w-full" label={t('lookingUp')} />;
  if (grants.isError) return <p className="text-sm text-slate-800">{t('lookupFailed', { message: (grants.error as Error).message })}</p>;
  return (
    <div className="space-y-3">
      <section aria-label={t('existingRoles')}>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('existingRoles')}</h3>
        <GrantingRoles cluster={cluster} grants={grants.data} />
      </section>
      <section aria-label={t('grantYaml')}>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{t(missing.namespace && missing.path === undefined ? 'minimalRole' : 'minimalClusterRole')}</h3>
        <GrantNotes missing={missing} />
        <YamlView yaml={grants.data.yaml} />
      </section>
    </div>
  );
}

/** "How to get access", folded: the roles and the grant YAML are looked up only when it is opened. */
export function HowToGetAccessDetails({ missing, summary, children }: { missing: MissingPermission; summary?: string; children?: React.ReactNode }) {
  const t = useTranslations('Forbidden');
  const cluster = useClusterParam();
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer text-sm font-medium text-slate-800">{summary ?? t('howToGetAccess')}</summary>
      {/* Looked up only when asked for: a page of refused panels asks nothing more of the API server. */}
      <div className="mt-2 space-y-2">
        {children}
        {open && <HowToGetAccess cluster={cluster} missing={missing} />}
      </div>
    </details>
  );
}

/** What the grant covers beyond the request, and what it reveals: said before anyone applies it. */
function GrantNotes({ missing }: { missing: MissingPermission }) {
  const t = useTranslations('Forbidden');
  const grant = useTranslations('Grant');
  const format = useFormatter();
  const verbs = grantedPermission(missing).verbs;
  const notes = [...(verbs.length > 1 ? [t('grantsVerbs', { verbs: format.list(verbs, { type: 'conjunction' }) })] : []), ...grantNotes(missing).map((note) => grantNoteText(note, grant))];
  if (notes.length === 0) return null;
  return (
    <ul aria-label={t('aboutGrant')} className="mb-2 list-disc space-y-0.5 pl-5 text-sm text-slate-700">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}

/** "list pods in eks-work", "get path /metrics", "list nodes.metrics.k8s.io in eks-work-cluster" for a cluster-scoped resource. */
function refusedText(missing: MissingPermission, cluster: string, t: ReturnType<typeof useTranslations<'Forbidden'>>): string {
  if (missing.path !== undefined) return `${missing.verb} ${missing.path}`;
  const resource = resourceLabel(missing);
  const where = missing.namespace || cluster;
  return where ? t('refusedIn', { verb: missing.verb, resource, where }) : `${missing.verb} ${resource}`;
}

/**
 * In place of a page or panel the API server refused: a calm notice, since a role's limits are expected,
 * with its exact message, what is missing, and how an admin can grant it.
 */
export function ForbiddenPanel({ message, missing, compact = false, nextTry }: { message: string; missing: MissingPermission; compact?: boolean; nextTry?: NextTry }) {
  const cluster = useClusterParam();
  const t = useTranslations('Forbidden');
  return (
    <div role="status" data-error-kind="Status" data-forbidden="" className={`space-y-3 rounded border border-slate-300 bg-slate-50 text-slate-800 ${compact ? 'p-3 text-sm' : 'p-4'}`}>
      <div>
        <p className="font-semibold text-slate-900">{t('noAccess', { what: refusedText(missing, cluster, t) })}</p>
        <p className="mt-1 text-sm text-slate-600">{t('roleLacks')}</p>
        <p className="mt-1 break-words font-mono text-[13px]" data-testid="error-message">
          {message}
        </p>
      </div>
      <MissingFacts missing={missing} />
      {/* A live list asks again by itself: once an admin grants it, the page works without a reload. */}
      {nextTry && (
        <div className="text-sm text-slate-700">
          <p>{t('asksAgain')}</p>
          <NextTryCountdown nextTry={nextTry} />
        </div>
      )}
      {compact ? <HowToGetAccessDetails missing={missing} /> : <HowToGetAccess cluster={cluster} missing={missing} />}
    </div>
  );
}
