import type { Connection } from './live-pods';

const looks: Record<Connection, { text: string; dot: string; hint: string }> = {
  connecting: { text: 'connecting', dot: 'bg-slate-400', hint: 'Loading the list before watching for changes.' },
  live: { text: 'live', dot: 'bg-emerald-500', hint: 'Changes arrive as they happen.' },
  reconnecting: { text: 'reconnecting', dot: 'bg-amber-500 animate-pulse', hint: 'The watch dropped; resuming from the last change seen.' },
  stale: { text: 'stale', dot: 'bg-red-600', hint: 'Not receiving changes; the rows may be out of date.' },
};

export function ConnectionIndicator({ connection }: { connection: Connection }) {
  const look = looks[connection];
  return (
    <span role="status" aria-label={`Watch ${look.text}`} title={look.hint} data-connection={connection} className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2 py-0.5 text-xs text-slate-700">
      <span aria-hidden className={`size-2 rounded-full ${look.dot}`} />
      {look.text}
    </span>
  );
}
