'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useSession, useSignIn } from '../api/session';
import type { ErrorObject, SignInRequest } from '../api/types';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';

const buttonBase = 'rounded px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60';

/**
 * `next` is where signing in leads: a path on this console, which the page has checked (sameOriginPath).
 * `failure` is why the last OpenID sign-in failed, when the page was reached from it.
 */
export function SignInForm({ next, failure }: { next: string; failure?: ErrorObject }) {
  const router = useRouter();
  const session = useSession();
  const signIn = useSignIn();
  const [token, setToken] = useState('');
  const t = useTranslations();

  const submit = (request: SignInRequest) =>
    signIn.mutate(request, {
      onSuccess: () => {
        setToken('');
        router.push(next);
      },
    });

  if (session.isPending) return <Skeleton className="h-48 w-full" label={t('SignIn.loading')} />;
  if (session.isError) return <ErrorView error={session.error} />;
  if (session.data.mode === 'oidc') return <OidcSignIn next={next} signedIn={session.data.signedIn} issuerHost={session.data.oidc?.issuerHost ?? ''} failure={failure} />;
  if (session.data.mode !== 'token') {
    return (
      <p className="text-sm text-slate-700">
        {t(session.data.mode === 'kubeconfig' ? 'SignIn.noSignInKubeconfig' : 'SignIn.noSignInProxy')}{' '}
        <Link href="/" className="font-medium text-sky-700 underline">
          {t('Common.openConsole')}
        </Link>
      </p>
    );
  }
  const sandboxUsers = session.data.sandboxUsers ?? [];
  return (
    <div className="space-y-6">
      {session.data.signedIn && <SignedInNote next={next} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) submit({ token: token.trim() });
        }}
        className="space-y-2"
      >
        <label htmlFor="token" className="block text-sm font-medium text-slate-700">
          {t('SignIn.token')}
        </label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          className="block h-9 w-full rounded border border-slate-300 px-2 font-mono text-sm focus-visible:outline-2 focus-visible:outline-sky-600"
        />
        <p className="text-xs text-slate-500">{t('SignIn.tokenNote')}</p>
        <button type="submit" disabled={signIn.isPending || !token.trim()} className={`${buttonBase} bg-slate-900 text-white hover:bg-slate-700`}>
          {t('SignIn.submit')}
        </button>
      </form>
      {signIn.isError && <ErrorView error={signIn.error} />}
      {sandboxUsers.length > 0 && (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <h2 className="text-sm font-semibold text-slate-700">{t('SignIn.sandboxUsers')}</h2>
          <ul className="space-y-2">
            {sandboxUsers.map((user) => (
              <li key={user.name}>
                <button
                  type="button"
                  disabled={signIn.isPending}
                  onClick={() => submit({ sandboxUser: user.name })}
                  className={`${buttonBase} w-full border border-slate-300 bg-white text-left text-slate-800 hover:border-sky-500 hover:bg-sky-50`}
                >
                  <span className="block font-medium">{t.rich('SignIn.signInAs', { name: user.name, b: (chunks) => <span className="font-mono font-semibold">{chunks}</span> })}</span>
                  <span className="sr-only"> — </span>
                  <span className="block text-xs font-normal text-slate-600">{user.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function SignedInNote({ next }: { next: string }) {
  const t = useTranslations('SignIn');
  return (
    <p className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
      {t.rich('signedIn', {
        link: (chunks) => (
          <Link href={next} className="font-medium underline">
            {chunks}
          </Link>
        ),
      })}
    </p>
  );
}

/** The OpenID provider's sign-in: a link to the start route, which sends the browser on to the provider. */
function OidcSignIn({ next, signedIn, issuerHost, failure }: { next: string; signedIn: boolean; issuerHost: string; failure?: ErrorObject }) {
  const t = useTranslations('SignIn');
  return (
    <div className="space-y-6">
      {signedIn && <SignedInNote next={next} />}
      {failure && <ErrorView error={failure} />}
      <div className="space-y-2">
        {/* A plain link: the start route answers with a redirect to the provider, which fetch could not follow. */}
        <a href={`/api/v1/auth/start?${new URLSearchParams({ next })}`} className={`${buttonBase} block w-full bg-slate-900 text-center text-white hover:bg-slate-700`}>
          {t('withIssuer', { issuer: issuerHost })}
        </a>
        <p className="text-xs text-slate-500">{t('oidcNote')}</p>
      </div>
    </div>
  );
}
