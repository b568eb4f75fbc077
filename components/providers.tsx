'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from './api/client';

/** A console answer (any HTTP status) is final; only a failed connection to Watchdeck is retried, once. */
function retry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.error.kind !== 'ConsoleUnreachable') return false;
  return failureCount < 1;
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry, refetchOnWindowFocus: false } } }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
