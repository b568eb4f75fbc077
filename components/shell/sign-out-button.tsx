'use client';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useSignOut } from '../api/session';
import { ErrorView } from '../ui/error-view';
import { topBarControl } from './top-bar';

/** `onSignedOut` is told before the page leaves, so the shell does not send the user to sign in and come back here. */
export function SignOutButton({ onSignedOut }: { onSignedOut: () => void }) {
  const router = useRouter();
  const signOut = useSignOut((result) => {
    onSignedOut();
    // In oidc mode the provider's end-session page ends its session too, then returns to the sign-in page.
    if (result.redirectTo) window.location.assign(result.redirectTo);
    else router.push('/sign-in');
  });
  const t = useTranslations('Shell');
  return (
    <div className="relative">
      <button type="button" className={topBarControl} disabled={signOut.isPending} onClick={() => signOut.mutate()}>
        {t('signOut')}
      </button>
      {signOut.isError && (
        <div className="absolute right-0 top-full z-20 mt-1 w-80">
          <ErrorView error={signOut.error} compact />
        </div>
      )}
    </div>
  );
}
