'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { resourcesQuery, type ResourceEntry } from '../api/queries/resources';
import { resourceListHref, type ResourceRef } from './links';
import { navGroups } from './nav-groups';

/** Why a kind is greyed, in the page's language: the list permission the API server would refuse, spelled as a 403 names it. */
export function useListRefusal(): (entry: ResourceEntry) => string | undefined {
  const t = useTranslations('Resources');
  return useCallback(
    (entry) => {
      const missing = entry.list.missing;
      if (entry.list.allowed || !missing) return undefined;
      return t('listRefusal', { resource: entry.resource, clusterWide: String(!missing.namespace), namespace: missing.namespace ?? '', missingResource: missing.resource, group: missing.group });
    },
    [t],
  );
}

const entryKey = (r: ResourceRef) => `${r.group}/${r.version}/${r.resource}`;

function isCurrent(pathname: string, cluster: string, entry: ResourceEntry): boolean {
  const base = `/c/${encodeURIComponent(cluster)}/r/${encodeURIComponent(entry.group)}/${encodeURIComponent(entry.version)}/${encodeURIComponent(entry.resource)}`;
  return pathname === base || pathname.startsWith(`${base}/`);
}

/** Every kind the cluster serves, in sections; a kind the user may not list stays, greyed, with the reason on hover and focus. */
export function ResourceNav({ cluster, namespace, pathname, onNavigate }: { cluster: string; namespace: string; pathname: string; onNavigate: () => void }) {
  const t = useTranslations('Resources');
  const listRefusal = useListRefusal();
  const resources = useQuery(resourcesQuery(cluster, namespace));
  if (resources.isPending) return <p className="px-4 py-1.5 text-xs text-slate-500">{t('loadingKinds')}</p>;
  if (resources.isError) return <p className="px-4 py-1.5 text-xs text-red-700">{t('kindsFailed', { message: resources.error.message })}</p>;
  return (
    <div aria-label={t('kinds')} role="group">
      {navGroups(resources.data.resources).map((group) => (
        <details key={group.title} className="group/section" open={group.items.some((entry) => isCurrent(pathname, cluster, entry))}>
          <summary className="cursor-pointer select-none px-4 py-1 text-xs font-semibold uppercase tracking-wide text-slate-500 hover:text-slate-800">
            {group.group ? (
              <>
                <span className="sr-only">{t('customResources')}</span>
                <span className="normal-case">{group.title}</span>
              </>
            ) : (
              t('section', { section: group.title })
            )}
          </summary>
          <ul>
            {group.items.map((entry) => {
              const refusal = listRefusal(entry);
              const id = `kind-${entryKey(entry).replace(/[^a-z0-9]/gi, '-')}`;
              const current = isCurrent(pathname, cluster, entry);
              return (
                <li key={entryKey(entry)} className="group relative">
                  <Link
                    href={resourceListHref(cluster, entry, namespace || undefined)}
                    onClick={onNavigate}
                    aria-current={current ? 'page' : undefined}
                    aria-describedby={refusal ? id : undefined}
                    data-refused={refusal ? 'true' : undefined}
                    className={`block truncate border-l-2 py-1 pl-6 pr-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-sky-600 ${
                      current
                        ? 'border-sky-600 bg-sky-50 font-semibold text-sky-900'
                        : refusal
                          ? 'border-transparent text-slate-400 hover:bg-slate-50'
                          : 'border-transparent text-slate-700 hover:bg-slate-100 hover:text-slate-900'
                    }`}
                  >
                    {entry.kind}
                  </Link>
                  {refusal && (
                    <span
                      id={id}
                      role="tooltip"
                      className="pointer-events-none absolute left-6 top-full z-30 hidden w-60 rounded border border-slate-300 bg-white p-2 text-xs text-slate-800 shadow-md group-focus-within:block group-hover:block"
                    >
                      {refusal}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </details>
      ))}
    </div>
  );
}
