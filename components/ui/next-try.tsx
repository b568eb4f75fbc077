'use client';
import { useTranslations } from 'next-intl';
import { useNow } from '../table/use-now';
import type { NextTry } from '../api/retry-scheduler';

/** Whole seconds until `at`, never below zero: what a countdown shows. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** "next try in 12 s", counting down, or "trying again…" while the read is asked; and a button that asks at once. */
export function NextTryCountdown({ nextTry, className = '' }: { nextTry: NextTry; className?: string }) {
  const now = useNow(1000);
  const t = useTranslations('NextTry');
  return (
    <p className={`flex flex-wrap items-center gap-2 text-sm ${className}`}>
      {nextTry.at === undefined ? (
        <span data-testid="trying" role="status">
          {t('trying')}
        </span>
      ) : (
        <span data-testid="next-try" className="tabular-nums" role="timer" aria-live="off">
          {t('nextTry', { seconds: secondsUntil(nextTry.at, now) })}
        </span>
      )}
      <button
        type="button"
        disabled={nextTry.at === undefined}
        onClick={nextTry.tryNow}
        className="rounded border border-current px-2 py-0.5 text-xs font-medium hover:bg-white/60 disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600"
      >
        {t('tryNow')}
      </button>
    </p>
  );
}
