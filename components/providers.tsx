'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError } from './api/client';
import { CspNonceContext } from './csp-nonce';

// zod compiles parsers with Function(); the page's policy refuses eval, so in the browser it parses without.
if (typeof window !== 'undefined') z.config({ jitless: true });

/** A console answer (any HTTP status) is final; only a failed connection to Watchdeck is retried, once. */
function retry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.error.kind !== 'ConsoleUnreachable') return false;
  return failureCount < 1;
}

export function Providers({ nonce, children }: { nonce: string; children: React.ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry, refetchOnWindowFocus: false } } }),
  );
  return (
    <CspNonceContext value={nonce}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </CspNonceContext>
  );
}
