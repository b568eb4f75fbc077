'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { RetrySchedulerContext } from './api/retry-context';
import { RetryScheduler } from './api/retry-scheduler';
import { CspNonceContext } from './csp-nonce';
import { ThemeChoiceContext } from './theme/theme-picker';
import type { ThemeChoice } from './theme/theme';

// zod compiles parsers with Function(); the page's policy refuses eval, so in the browser it parses without.
if (typeof window !== 'undefined') z.config({ jitless: true });

export function Providers({ nonce, theme, children }: { nonce: string; theme: ThemeChoice; children: React.ReactNode }) {
  // A failed read becomes the query's error at once, so the page shows it; the scheduler asks again when a try may help.
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }));
  const [scheduler] = useState(() => new RetryScheduler(queryClient));
  useEffect(() => scheduler.start(), [scheduler]);
  return (
    <CspNonceContext value={nonce}>
      <QueryClientProvider client={queryClient}>
        <RetrySchedulerContext value={scheduler}>
          <ThemeChoiceContext value={theme}>{children}</ThemeChoiceContext>
        </RetrySchedulerContext>
      </QueryClientProvider>
    </CspNonceContext>
  );
}
