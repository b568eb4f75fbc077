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
  const namespace = searchParams.get('namespace') ?? '';
  const signsIn = session.data?.mode === 'token' || session.data?.mode === 'oidc';
  const sessionExpired = useSessionExpired(signsIn);
  const mustSignIn = sessionExpired || (signsIn && !session.data?.signedIn);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    // The open menu takes the focus (its current page, else its first entry); Escape closes it and gives the focus back to the button.
    const pages = document.getElementById('pages');
    (pages?.querySelector<HTMLElement>('[aria-current="page"]') ?? pages?.querySelector<HTMLElement>('a, button'))?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  useEffect(() => {
    if (!mustSignIn) return;
    router.replace(signInHref(pathname, searchParams.toString()));
  }, [mustSignIn, pathname, searchParams, router]);

  return (
    <AuthModeContext value={session.data?.mode}>
      <div className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-30 focus:rounded focus:bg-white focus:px-3 focus:py-1 focus:text-sm">
          {t('skipToContent')}
        </a>
        <header className="flex min-h-12 shrink-0 flex-wrap items-center gap-x-4 gap-y-2 bg-slate-900 px-4 py-2 text-slate-100">
          <button
            ref={menuButton}
            type="button"
            className="rounded border border-slate-600 px-2 py-1 text-sm md:hidden focus-visible:outline-2 focus-visible:outline-sky-400"
            aria-expanded={menuOpen}
            aria-controls="pages"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {t('menu')}
          </button>
          <Link href="/" className="text-base font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-sky-400">
            Watchdeck
          </Link>
          {session.data && !mustSignIn && (
            <>
              <ClusterSwitcher cluster={cluster} />
              <NamespacePicker cluster={cluster} namespace={namespace} />
              <CommandPalette cluster={cluster} namespace={namespace} />
              <KeyboardShortcuts />
              <div className="ml-auto flex flex-wrap items-center justify-end gap-2">
                <LocaleSwitcher />
                <ThemePicker />
                <WhoAmIBadge cluster={cluster} />
                {signsIn && <SignOutButton />}
              </div>
            </>
          )}
        </header>
        <div className="relative flex flex-1">
          <Nav cluster={cluster} namespace={namespace} open={menuOpen} onNavigate={() => setMenuOpen(false)} />
          <main id="main" className="min-w-0 flex-1 p-4">
            {session.isError ? <ErrorView error={session.error} /> : session.data && !mustSignIn ? children : <Skeleton className="h-40 w-full" label={t('loadingSession')} waitingFor="Watchdeck" />}
          </main>
        </div>
      </div>
    </AuthModeContext>
  );
}
