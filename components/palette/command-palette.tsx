'use client';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { setNonce } from 'get-nonce';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { resourcesQuery } from '../api/queries/resources';
import { objectSearchQuery } from '../api/queries/search';
import { useCspNonce } from '../csp-nonce';
import { useListRefusal } from '../resources/resource-nav';
import { resourceListHref, resourceObjectHref } from '../resources/links';
import { NAV_ITEMS } from '../shell/nav-items';
import { topBarControl } from '../shell/top-bar';
import { clusterHref } from '../shell/urls';
import { globalActions } from './global-actions';
import { rankMatches } from './rank';
import { filterActions, paletteActions, paletteActionsVersion, registerPaletteActions, subscribePaletteActions, type PaletteAction } from './registry';
import { readRecent, rememberRecent, type RecentItem } from './recent';

/** Object names are searched once this many characters are typed, and after typing pauses this long. */
const MIN_SEARCH = 2;
const SEARCH_PAUSE_MS = 150;

interface Place extends RecentItem {
  /** Shown disabled with this reason (a kind the user may not list). */
  refusal?: string;
}

const itemClass =
  'flex cursor-pointer items-baseline gap-2 rounded px-2 py-1.5 text-sm text-slate-800 data-[selected=true]:bg-sky-100 data-[selected=true]:text-sky-950 data-[disabled=true]:cursor-not-allowed data-[disabled=true]:text-slate-400';
const groupClass =
  '[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:uppercase [&_[cmdk-group-heading]]:text-slate-500';

function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function PlaceItem({ place, onChoose }: { place: Place; onChoose: (place: Place) => void }) {
  return (
    // Several kinds open the same dedicated page (Deployment and DaemonSet open Workloads): the label keeps the value unique.
    <Command.Item value={`${place.label} ${place.detail} ${place.href}`} disabled={Boolean(place.refusal)} onSelect={() => onChoose(place)} className={itemClass} title={place.refusal}>
      <span className="truncate font-medium">{place.label}</span>
      <span className="ml-auto shrink-0 text-xs text-slate-500">{place.refusal ? 'may not list' : place.detail}</span>
    </Command.Item>
  );
}

/**
 * The command palette (Ctrl+K or Cmd+K, or the top bar's button): jump to a page, a kind, or an
 * object by name in the namespaces the user may list, or run a registered action. Arrows move,
 * Enter chooses, Escape closes; places chosen are remembered per cluster.
 */
export function CommandPalette({ cluster, namespace }: { cluster: string; namespace: string }) {
  const t = useTranslations('Palette');
  const nav = useTranslations('Nav');
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [recent, setRecent] = useState<RecentItem[]>([]);
  const router = useRouter();
  const pathname = usePathname();
  const nonce = useCspNonce();
  const needle = text.trim().toLowerCase();
  const searched = useSettled(text.trim(), SEARCH_PAUSE_MS);

  useEffect(() => {
    // The dialog's scroll lock adds a <style> element: it must carry the page's nonce.
    if (nonce) setNonce(nonce);
  }, [nonce]);

  const shown = useRef(open);
  useEffect(() => {
    shown.current = open;
  });
  const show = useCallback(() => {
    setText('');
    setRecent(readRecent(window.localStorage, cluster));
    setOpen(true);
  }, [cluster]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        if (shown.current) setOpen(false);
        else show();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);

  useEffect(() => registerPaletteActions((context) => globalActions(context, (href) => router.push(href))), [router]);

  const listRefusal = useListRefusal();
  const resources = useQuery({ ...resourcesQuery(cluster, namespace), enabled: open });
  const search = useQuery({ ...objectSearchQuery(cluster, searched), enabled: open && searched.length >= MIN_SEARCH });
  const actionsVersion = useSyncExternalStore(subscribePaletteActions, paletteActionsVersion, paletteActionsVersion);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- actionsVersion changes when the providers' answers do, under the same context
  const actions: PaletteAction[] = useMemo(() => (open ? paletteActions({ cluster, namespace, pathname }) : []), [open, cluster, namespace, pathname, actionsVersion]);

  const pages: Place[] = rankMatches(NAV_ITEMS, needle, (item) => [nav(item.label), item.label, item.page]).map((item) => ({
    href: clusterHref(cluster, item.page, namespace || undefined),
    label: nav(item.label),
    detail: t('page'),
  }));
  const kinds: Place[] = rankMatches(resources.data?.resources ?? [], needle, (entry) => [entry.kind, entry.resource, ...entry.shortNames]).map((entry) => ({
    href: resourceListHref(cluster, entry, namespace || undefined),
    label: entry.kind,
    detail: t('kind', { version: `${entry.group === 'core' ? '' : `${entry.group}/`}${entry.version}` }),
    ...(listRefusal(entry) ? { refusal: listRefusal(entry) } : {}),
  }));
  const objects: Place[] =
    searched.length >= MIN_SEARCH
      ? (search.data?.hits ?? []).map((hit) => ({
          href: resourceObjectHref(cluster, hit, hit.namespace, hit.name),
          label: hit.name,
          detail: hit.namespace ? t('inNamespace', { kind: hit.kind, namespace: hit.namespace }) : hit.kind,
        }))
      : [];
  const shownActions = filterActions(actions, needle);
  const recentShown = needle ? [] : recent;

  const choose = (place: Place) => {
    setRecent(rememberRecent(window.localStorage, cluster, { href: place.href, label: place.label, detail: place.detail }));
    setOpen(false);
    router.push(place.href);
  };

  return (
    <>
      <button type="button" className={`${topBarControl} flex items-center gap-2`} onClick={show} aria-keyshortcuts="Control+K Meta+K" aria-haspopup="dialog">
        <span>{t('goTo')}</span>
        <kbd className="hidden rounded border border-ink-line-strong px-1 text-[11px] text-on-ink-muted xl:inline">Ctrl K</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label={t('label')}
        shouldFilter={false}
        loop
        overlayClassName="fixed inset-0 z-40 bg-slate-900/40"
        contentClassName="fixed left-1/2 top-[10vh] z-50 w-[min(40rem,calc(100vw-1rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-slate-300 bg-white shadow-xl"
      >
        <Command.Input
          value={text}
          onValueChange={setText}
          placeholder={t('placeholder')}
          className="w-full border-b border-slate-200 px-3 py-3 text-base text-slate-900 outline-none placeholder:text-slate-400"
        />
        <Command.List className="max-h-[60vh] overflow-y-auto p-2">
          <Command.Empty className="px-2 py-6 text-center text-sm text-slate-500">{t(search.isFetching ? 'searching' : 'nothing')}</Command.Empty>
          {recentShown.length > 0 && (
            <Command.Group heading={t('recent')} className={groupClass}>
              {recentShown.map((place) => (
                <PlaceItem key={`recent-${place.href}`} place={place} onChoose={choose} />
              ))}
            </Command.Group>
          )}
          {shownActions.length > 0 && (
            <Command.Group heading={t('actions')} className={groupClass}>
              {shownActions.map((action) => (
                <Command.Item
                  key={action.id}
                  value={`action ${action.id}`}
                  disabled={Boolean(action.disabledReason)}
                  title={action.disabledReason}
                  className={itemClass}
                  onSelect={() => {
                    setOpen(false);
                    action.run();
                  }}
                >
                  <span className="truncate font-medium">{action.label}</span>
                  {/* A refusal is long (the 403's words): it is cut to the line, in full on hover. */}
                  <span className="ml-auto min-w-0 truncate text-xs text-slate-500">{action.disabledReason ?? action.detail}</span>
                </Command.Item>
              ))}
            </Command.Group>
          )}
          {objects.length > 0 && (
            <Command.Group heading={t(search.data?.truncated ? 'objectsFirst' : 'objects')} className={groupClass}>
              {objects.map((place) => (
                <PlaceItem key={`object-${place.href}`} place={place} onChoose={choose} />
              ))}
            </Command.Group>
          )}
          {pages.length > 0 && (
            <Command.Group heading={t('pages')} className={groupClass}>
              {pages.map((place) => (
                <PlaceItem key={`page-${place.href}`} place={place} onChoose={choose} />
              ))}
            </Command.Group>
          )}
          {kinds.length > 0 && (
            <Command.Group heading={t('kinds')} className={groupClass}>
              {kinds.map((place) => (
                <PlaceItem key={`kind-${place.label}-${place.detail}`} place={place} onChoose={choose} />
              ))}
            </Command.Group>
          )}
          {search.isError && searched.length >= MIN_SEARCH && <p className="px-2 py-1 text-xs text-red-700">{t('searchFailed', { message: search.error.message })}</p>}
        </Command.List>
      </Command.Dialog>
    </>
  );
}
