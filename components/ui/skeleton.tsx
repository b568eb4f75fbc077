'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** After this long a skeleton says what it waits for and for how long, so a slow answer never looks like a frozen page. */
export const PATIENCE_MS = 2_000;

/** The whole seconds a skeleton shows once it has waited `elapsedMs`: none at first, then "Loading pod: waiting for the API server… 4 s". */
export function waitingSeconds(elapsedMs: number): number | undefined {
  return elapsedMs < PATIENCE_MS ? undefined : Math.floor(elapsedMs / 1000);
}

export function Skeleton({
  className = '',
  label,
  waitingFor,
}: {
  className?: string;
  label?: string;
  /** Whom the page waits for: the API server, AWS, or the console itself. */
  waitingFor?: string;
}) {
  const t = useTranslations();
  label ??= t('Common.loading');
  waitingFor ??= t('Common.apiServer');
  const [startedAt] = useState(() => Date.now());
  const [elapsedMs, setElapsedMs] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setElapsedMs(Date.now() - startedAt), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  const seconds = waitingSeconds(elapsedMs);
  const text = seconds === undefined ? undefined : t('Skeleton.waiting', { label, waitingFor, seconds });
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
