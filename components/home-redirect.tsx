'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useClusters } from './api/cluster';
import { useSession } from './api/session';
import { clusterHref } from './shell/urls';
import { ErrorView } from './ui/error-view';
import { Skeleton } from './ui/skeleton';

/** `/` leads to sign-in (token mode, signed out) or to the kubeconfig's default cluster. */
export function HomeRedirect() {
  const router = useRouter();
  const session = useSession();
  const mustSignIn = session.data?.mode === 'token' && !session.data.signedIn;
  const clusters = useClusters();
  const target = mustSignIn ? '/sign-in' : session.data && clusters.data ? clusterHref(clusters.data.defaultCluster) : undefined;

  useEffect(() => {
    if (target) router.replace(target);
  }, [target, router]);

  const error = session.error ?? (mustSignIn ? null : clusters.error);
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="mb-4 text-lg font-semibold">Watchdeck</h1>
      {error ? <ErrorView error={error} /> : <Skeleton className="h-24 w-full" label="Opening the console" />}
    </main>
  );
}
