'use client';
import { useTranslations } from 'next-intl';
import type { ErrorObject } from '../api/types';
import { useNow } from '../table/use-now';
import { usePresentError } from '../ui/error-view';
import type { Connection } from './live-pods';

const dots: Record<Connection, string> = {
  connecting: 'bg-slate-400',
  live: 'bg-emerald-500',
  reconnecting: 'bg-amber-500 animate-pulse',
  stale: 'bg-red-600',
};

/** "next try in 8 s", or "trying now" once the time has come, in the page's language. */
export function useNextTryText(): (nextTryAt: number, now: number) => string {
  const t = useTranslations('Connection');
  return (nextTryAt, now) => {
    const seconds = Math.ceil((nextTryAt - now) / 1000);
    return seconds > 0 ? t('nextTry', { seconds }) : t('tryingNow');
  };
}

/** The watch's state; while it is not live, why (the error kind's title, its message in the hint) and when the next try is. */
export function ConnectionIndicator({ connection, error, nextTryAt }: { connection: Connection; error?: ErrorObject; nextTryAt?: number }) {
  const now = useNow(1000);
  const t = useTranslations('Connection');
  const nextTryText = useNextTryText();
  const present = usePresentError();
  const look = { text: t(connection), dot: dots[connection], hint: t(`${connection}Hint`) };
  const failing = connection !== 'live' && error !== undefined;
  const reason = failing ? present(error).title : undefined;
  const next = failing && nextTryAt !== undefined ? nextTryText(nextTryAt, now) : undefined;
  const hint = [look.hint, failing && error.message, next && t('hintNext', { next })].filter(Boolean).join(' ');
  return (
    <span
      role="status"
      aria-label={`${t('label', { state: look.text })}${reason ? `: ${reason}` : ''}${next ? `, ${next}` : ''}`}
      title={hint}
      data-connection={connection}
      {...(failing ? { 'data-error-kind': error.kind } : {})}
      className="inline-flex max-w-full items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2 py-0.5 text-xs text-slate-700"
    >
      {/* A refusal is the user's expected limit, not a fault: a neutral dot. */}
      <span aria-hidden className={`size-2 shrink-0 rounded-full ${failing && error.status?.code === 403 ? 'bg-slate-400' : look.dot}`} />
      <span className="truncate">
        {look.text}
        {reason && ` — ${reason}`}
        {next && <span className="tabular-nums">, {next}</span>}
      </span>
    </span>
  );
}
