import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';
import { SignInForm } from '@/components/sign-in/sign-in-form';
import { sameOriginPath } from '@/lib/same-origin';
import { FAILURE_COOKIE, signInFailure } from '@/server/auth/oidc/flow';
import { renderedPageCookie, renderedPageOrigin } from '@/server/auth/page-session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('SignIn'))('title') };
}

export default async function SignInPage({ searchParams }: PageProps<'/sign-in'>) {
  const { next, error } = await searchParams;
  const t = await getTranslations('SignIn');
  // Only a path on this console is followed after signing in; anything else opens the default page.
  const target = sameOriginPath(typeof next === 'string' ? next : undefined, await renderedPageOrigin());
  // A failed OpenID sign-in left its error in a sealed cookie; the address only says which kind to expect.
  const failure = await signInFailure(await renderedPageCookie(FAILURE_COOKIE), typeof error === 'string' ? error : undefined);
  return (
    <div className="min-h-screen">
      <header className="flex h-12 items-center justify-between bg-ink px-4 text-base font-semibold tracking-tight text-on-ink">
        Watchdeck
        <LocaleSwitcher />
      </header>
      <main className="mx-auto mt-12 max-w-md rounded-md border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-4 text-lg font-semibold">{t('heading')}</h1>
        <SignInForm next={target} failure={failure} />
      </main>
    </div>
  );
}
