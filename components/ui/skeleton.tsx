'use client';
import { useEffect, useState } from 'react';

/** After this long a skeleton says what it waits for and for how long, so a slow answer never looks like a frozen page. */
export const PATIENCE_MS = 2_000;

/** What a skeleton says once it has waited `elapsedMs`: nothing at first, then "Loading pod: waiting for the API server… 4 s". */
export function waitingText(label: string, waitingFor: string, elapsedMs: number): string | undefined {
  if (elapsedMs < PATIENCE_MS) return undefined;
  return `${label}: waiting for ${waitingFor}… ${Math.floor(elapsedMs / 1000)} s`;
}

export function Skeleton({
  className = '',
  label = 'Loading',
  waitingFor = 'the API server',
}: {
  className?: string;
  label?: string;
  /** Whom the page waits for: the API server, AWS, or the console itself. */
  waitingFor?: string;
}) {
  const [startedAt] = useState(() => Date.now());
  const [elapsedMs, setElapsedMs] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setElapsedMs(Date.now() - startedAt), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  const text = waitingText(label, waitingFor, elapsedMs);
  return (
    <div role="status" aria-label={label} className={`relative overflow-hidden rounded bg-slate-200 ${className}`}>
      <div className="absolute inset-0 animate-pulse bg-slate-200" />
      {text && (
        <p className="relative truncate px-3 py-2 text-xs text-slate-600" data-testid="skeleton-waiting">
          {text}
        </p>
      )}
    </div>
  );
}
