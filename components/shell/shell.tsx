'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../api/session';
import { CommandPalette } from '../palette/command-palette';
import { ThemePicker } from '../theme/theme-picker';
import { AuthModeContext, ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { ClusterSwitcher } from './cluster-switcher';
import { LocaleSwitcher } from './locale-switcher';
import { KeyboardShortcuts } from './keyboard-shortcuts';
import { NamespacePicker } from './namespace-picker';
import { Nav } from './nav';
import { SignOutButton } from './sign-out-button';
import { topBarControl } from './top-bar';
import { signInHref } from './urls';
import { useSessionExpired } from './use-session-expired';
import { WhoAmIBadge } from './whoami-badge';

/** The frame of every cluster page: top bar, navigation, and the page. Sends signed-out token users to sign in. */
export function Shell({ cluster, children }: { cluster: string; children: React.ReactNode }) {
  const t = useTranslations('Shell');
  const session = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // `(all)` is the API's word for every namespace, not a namespace to pick: the address says it as list pages' switch does.
  const named = searchParams.get('namespace') ?? '';
  const everyNamespace = named === '(all)';
  const namespace = everyNamespace ? '' : named;
  useEffect(() => {
    if (!everyNamespace) return;
    const next = new URLSearchParams(window.location.search);
    next.delete('namespace');
    next.set('allNamespaces', 'true');
    window.history.replaceState(null, '', `${window.location.pathname}?${next}`);
  }, [everyNamespace]);
  const signsIn = session.data?.mode === 'token' || session.data?.mode === 'oidc';
  const sessionExpired = useSessionExpired(signsIn);
  const mustSignIn = sessionExpired || (signsIn && !session.data?.signedIn);
  // The menu stays open only on the address it was opened at: choosing a page, a cluster or a namespace closes it.
  const address = `${pathname}?${searchParams}`;
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === address;
  const setMenuOpen = (open: boolean) => setMenuOpenAt(open ? address : null);
  const menuButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    // The open menu takes the focus: on a phone its current page (else its first entry), beside the sidebar its first control.
    // Escape closes it and gives the focus back to the button.
    const pages = document.getElementById('pages');
    const drawer = pages && getComputedStyle(pages).position === 'absolute';
    const first = drawer
      ? (pages.querySelector<HTMLElement>('[aria-current="page"]') ?? pages.querySelector<HTMLElement>('a, button'))
      : document.getElementById('account-controls')?.querySelector<HTMLElement>('select, button');
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpenAt(null);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  // A group of the bar's controls that folds into the open menu below a width: there, a full-width row of its own.
  const folded = `${menuOpen ? 'flex' : 'hidden'} flex-wrap items-center`;

  // A link that led to another page went with the page it was on, which leaves the focus at the top of the
  // document; the keyboard carries on in the new page's content instead. A link that stays (the menu's) keeps it.
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    if (document.activeElement === null || document.activeElement === document.body) document.getElementById('main')?.focus();
  }, [pathname]);

  // A sign-out from this page goes to the sign-in page without a way back here: the next person to sign in starts afresh.
  const signedOut = useRef(false);
  useEffect(() => {
    if (!mustSignIn || signedOut.current) return;
    router.replace(signInHref(pathname, searchParams.toString()));
  }, [mustSignIn, pathname, searchParams, router]);

  return (
    <AuthModeContext value={session.data?.mode}>
      <div className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-30 focus:rounded focus:bg-white focus:px-3 focus:py-1 focus:text-sm">
          {t('skipToContent')}
        </a>
        {/* One row at every width: below 768 px the pickers fold into the menu, below 1280 px the language, the theme and the account. */}
        <header className="flex min-h-14 shrink-0 flex-wrap items-center gap-x-4 gap-y-2 bg-ink px-4 py-2 text-on-ink md:min-h-12">
          <button
            ref={menuButton}
            type="button"
            className={`${topBarControl} xl:hidden`}
            aria-expanded={menuOpen}
            aria-controls="pages scope-controls account-controls"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            {t('menu')}
          </button>
          <Link href="/" className="text-base font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-on-ink-focus">
            Watchdeck
          </Link>
          {session.data && !mustSignIn && (
            <>
              <div id="scope-controls" className={`${folded} gap-x-4 gap-y-2 max-md:basis-full md:flex md:gap-x-2`}>
                <ClusterSwitcher cluster={cluster} />
                <NamespacePicker cluster={cluster} namespace={namespace} />
              </div>
              <CommandPalette cluster={cluster} namespace={namespace} />
              <KeyboardShortcuts />
              <div id="account-controls" className={`${folded} gap-2 max-xl:basis-full xl:ml-auto xl:flex`}>
                <LocaleSwitcher />
                <ThemePicker />
                <WhoAmIBadge cluster={cluster} />
                {signsIn && <SignOutButton onSignedOut={() => (signedOut.current = true)} />}
              </div>
            </>
          )}
        </header>
        <div className="relative flex flex-1">
          <Nav cluster={cluster} namespace={namespace} open={menuOpen} onNavigate={() => setMenuOpen(false)} />
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 focus-visible:outline-none">
            {session.isError ? <ErrorView error={session.error} /> : session.data && !mustSignIn ? children : <Skeleton className="h-40 w-full" label={t('loadingSession')} waitingFor="Watchdeck" />}
          </main>
        </div>
      </div>
    </AuthModeContext>
  );
}
