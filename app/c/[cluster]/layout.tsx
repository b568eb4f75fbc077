import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { sessionKey } from '@/components/api/queries/session';
import { Shell } from '@/components/shell/shell';
import { renderedPageSession } from '@/server/auth/page-session';

export default async function ClusterLayout({ children, params }: LayoutProps<'/c/[cluster]'>) {
  const { cluster } = await params;
  // The session comes with the HTML when it can, so the page's own requests start as it loads.
  const session = await renderedPageSession();
  const queries = new QueryClient();
  if (session) queries.setQueryData(sessionKey, session);
  return (
    <HydrationBoundary state={dehydrate(queries)}>
      <Suspense>
        <Shell cluster={decodeURIComponent(cluster)}>{children}</Shell>
      </Suspense>
    </HydrationBoundary>
  );
}
