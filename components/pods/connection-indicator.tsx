'use client';
import type { ErrorObject } from '../api/types';
import { useNow } from '../table/use-now';
import { presentError } from '../ui/error-presentation';
import type { Connection } from './live-pods';

const looks: Record<Connection, { text: string; dot: string; hint: string }> = {
  connecting: { text: 'connecting', dot: 'bg-slate-400', hint: 'Loading the list before watching for changes.' },
  live: { text: 'live', dot: 'bg-emerald-500', hint: 'Changes arrive as they happen.' },
  reconnecting: { text: 'reconnecting', dot: 'bg-amber-500 animate-pulse', hint: 'The watch dropped; resuming from the last change seen.' },
  stale: { text: 'stale', dot: 'bg-red-600', hint: 'Not receiving changes; the rows may be out of date.' },
};

/** "next try in 8 s", or "trying now" once the time has come. */
export function nextTryText(nextTryAt: number, now: number): string {
  const seconds = Math.ceil((nextTryAt - now) / 1000);
  return seconds > 0 ? `next try in ${seconds} s` : 'trying now';
}

/** The watch's state; while it is not live, why (the error kind's title, its message in the hint) and when the next try is. */
export function ConnectionIndicator({ connection, error, nextTryAt }: { connection: Connection; error?: ErrorObject; nextTryAt?: number }) {
  const now = useNow(1000);
  const look = looks[connection];
  const failing = connection !== 'live' && error !== undefined;
  const reason = failing ? presentError(error).title : undefined;
  const next = failing && nextTryAt !== undefined ? nextTryText(nextTryAt, now) : undefined;
  const hint = [look.hint, failing && error.message, next && `The ${next}.`].filter(Boolean).join(' ');
  return (
    <span
      role="status"
      aria-label={`Watch ${look.text}${reason ? `: ${reason}` : ''}${next ? `, ${next}` : ''}`}
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
