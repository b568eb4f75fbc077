'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useClusters, useNamespaces } from '../api/cluster';
import { landingQuery } from '../api/queries/landing';
import { Popover } from '../ui/popover';
import { ErrorBadge } from './error-badge';
import { afterGestureSettles, useLastGesture } from './last-gesture';
import { fallbackNamespace, initialNamespace, readLastNamespace, writeLastNamespace } from './initial-namespace';
import { topBarControl, topBarLabel } from './top-bar';

function browserStorage(): Storage | undefined {
  return typeof window === 'undefined' ? undefined : window.localStorage;
}

/**
 * Offers exactly the namespaces the server returns. A namespace named in the URL is sent as
 * `include=` so the server confirms it (it is then offered) or says why it is omitted.
 */
/** `pathname` with `search` and the namespace set; the page's other parameters (a query, a selector, a range) stay as they are. */
function addressWithNamespace(pathname: string, search: string, name: string, { picked = false } = {}): string {
  const next = new URLSearchParams(search);
  next.set('namespace', name);
  // Picking a namespace leaves an all-namespaces view for that namespace.
  if (picked) next.delete('allNamespaces');
  return `${pathname}?${next}`;
}

export function NamespacePicker({ cluster, namespace }: { cluster: string; namespace: string }) {
  const t = useTranslations('NamespacePicker');
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const namespaces = useNamespaces(cluster, namespace ? [namespace] : []);
  const [typed, setTyped] = useState('');
  const go = (name: string) => router.push(addressWithNamespace(pathname, search.toString(), name, { picked: true }));

  const offered = namespaces.data?.namespaces ?? [];
  const omitted = namespaces.data?.omitted ?? [];
  const clusters = useClusters();
  const contextNamespace = clusters.data?.clusters.find((entry) => entry.name === cluster)?.namespace;
  // Without the list (the cluster is unreachable) the page still opens on a namespace and shows its own error.
  const fallback = namespaces.isError && !clusters.isPending ? fallbackNamespace(readLastNamespace(browserStorage(), cluster), contextNamespace) : undefined;
  // A reader of the whole cluster opens where its problems are; the choice waits for that answer (or its failure).
  const landing = useQuery(landingQuery(cluster, !namespace && namespaces.data?.canListAll === true));
  const landed = namespaces.data?.canListAll !== true || !landing.isPending;
  const initial = namespaces.data
    ? landed
      ? initialNamespace(
          namespaces.data.namespaces.map((entry) => entry.name),
          contextNamespace,
          landing.data?.landing?.namespace,
        )
      : undefined
    : fallback;
  const lastGesture = useLastGesture();
  useEffect(() => {
    // In the address only, as the page's other views are (components/table/url-view.ts). Even so Next.js takes the
    // new address for a navigation, which would discard one the user started meanwhile (a link followed before
    // the namespaces answered) and leave them on this page: it is written once their last gesture has landed. A
    // navigation that lands first changes the path, which cancels this write; the next page makes its own.
    if (namespace || !initial) return;
    return afterGestureSettles(lastGesture.current, performance.now(), () =>
      // The parameters as they are when it is written: the page may have written its own in the meantime.
      window.history.replaceState(null, '', addressWithNamespace(window.location.pathname, window.location.search, initial)),
    );
  }, [namespace, initial, pathname, lastGesture]);
  useEffect(() => {
    if (namespace) writeLastNamespace(browserStorage(), cluster, namespace);
  }, [cluster, namespace]);

  // A list page showing every namespace says so here too, rather than the namespace it would fall back to.
  const everywhere = search.get('allNamespaces') === 'true';
  const isOffered = !everywhere && offered.some((entry) => entry.name === namespace);
  return (
    <div className="flex items-center gap-1">
      {namespaces.isError ? (
        <span className={topBarLabel}>
          <span className="md:max-xl:sr-only">{t('namespace')}</span> <span className="font-mono text-sm text-on-ink">{namespace}</span>
          <ErrorBadge label={t('failed')} error={namespaces.error} />
        </span>
      ) : (
        <label className={topBarLabel}>
          <span className="md:max-xl:sr-only">{t('namespace')}</span>
          <select className={`${topBarControl} max-w-56`} value={isOffered ? namespace : ''} disabled={!namespaces.data} onChange={(event) => go(event.target.value)}>
            {!isOffered && (
              <option value="" disabled>
                {everywhere ? t('allNamespaces') : namespace ? t(namespaces.data ? 'notAvailable' : 'loadingNamed', { namespace }) : t(namespaces.data ? 'noneAvailable' : 'loading')}
              </option>
            )}
            {offered.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <Popover
        // The name holds the words the button shows, so a voice command naming them reaches it (WCAG 2.5.3).
        label={omitted.length ? t('omittedLabel', { count: omitted.length }) : t('more')}
        button={omitted.length ? t('omittedCount', { count: omitted.length }) : t('moreButton')}
        buttonClassName={`${topBarControl} text-xs ${omitted.length ? 'text-on-ink-warn' : ''}`}
        panelClassName="w-96"
      >
        {(close) => (
          <>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const name = typed.trim();
                if (!name) return;
                close();
                go(name);
              }}
              className="flex items-end gap-2"
            >
              <label className="flex flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
                {t('openByName')}
                <input
                  value={typed}
                  onChange={(event) => setTyped(event.target.value)}
                  placeholder={t('placeholder')}
                  spellCheck={false}
                  className="h-8 rounded border border-slate-300 px-2 font-mono text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600"
                />
              </label>
              <button
                type="submit"
                className="h-8 rounded bg-slate-800 px-3 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600"
              >
                {t('open')}
              </button>
            </form>
            <p className="mt-3 text-xs text-slate-500">{t(namespaces.data?.canListAll ? 'canListAll' : 'listable')}</p>
            {omitted.length > 0 && (
              <div className="mt-2">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t('omitted')}</h3>
                <ul className="mt-1 space-y-1" aria-label={t('omittedList')}>
                  {omitted.map((entry) => (
                    <li key={entry.name} className="text-xs">
                      <span className="font-mono font-semibold">{entry.name}</span>
                      <span className="text-slate-600"> — {entry.reason}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </Popover>
    </div>
  );
}
