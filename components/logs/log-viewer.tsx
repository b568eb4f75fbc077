'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { MAX_LOG_LINES, useLogStream, type LogStream } from '../api/log-stream';
import { useNextTryText } from '../pods/connection-indicator';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { splitMatches } from './find';
import type { LogOptions } from './log-query';

export type { LogOptions };

const control = 'h-8 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600';
/** Only the newest lines are drawn; find and download still cover every line kept. */
const DRAWN_LINES = 3000;

/** "following…", or while a cut follow waits to resume, why and when it tries again (its own component: the countdown ticks every second). */
function FollowState({ stream }: { stream: LogStream }) {
  const t = useTranslations('Logs');
  const now = useNow(1000);
  const nextTryText = useNextTryText();
  if (!stream.reconnecting) {
    return (
      <p data-testid="follow-state" data-follow="following" className="mt-1 font-mono text-xs text-emerald-400">
        {t('following')}
      </p>
    );
  }
  return (
    <p role="status" data-testid="follow-state" data-follow="reconnecting" {...(stream.error ? { 'data-error-kind': stream.error.kind } : {})} className="mt-1 font-mono text-xs text-amber-300">
      {t('reconnecting', { message: stream.error?.message ?? '' })}
      {stream.nextTryAt !== undefined && <span className="tabular-nums">, {nextTryText(stream.nextTryAt, now)}</span>}{' '}
      <button type="button" onClick={stream.retry} className="ml-1 rounded border border-amber-300/60 px-1.5 text-amber-200 hover:bg-amber-300/10">
        {t('tryNow')}
      </button>
    </p>
  );
}

/**
 * Logs with kubectl's options (container, --tail, -f, --previous, --timestamps), find-in-view and download.
 * `containers` empty hides the picker (logs by label selector choose containers on the server).
 */
export function LogViewer({
  containers,
  url,
  filename,
  allowPrevious = true,
  initialTailLines = 200,
}: {
  containers: string[];
  url: (options: LogOptions) => string;
  filename: string;
  allowPrevious?: boolean;
  /** kubectl logs -l shows 10 lines per container unless told otherwise. */
  initialTailLines?: number;
}) {
  const t = useTranslations('Logs');
  const [chosen, setOptions] = useState<LogOptions>({ container: containers[0] ?? '', tailLines: initialTailLines, follow: false, previous: false, timestamps: false });
  // A container chosen before the pod's containers changed (a new pod of the same name) falls back to the first.
  const options = containers.length && !containers.includes(chosen.container) ? { ...chosen, container: containers[0] } : chosen;
  const [find, setFind] = useState('');
  const stream = useLogStream(url(options));
  const scroller = useRef<HTMLDivElement>(null);
  // The newest line stays in view, as in a terminal, until the reader scrolls up.
  const stickToBottom = useRef(true);
  const set = (change: Partial<LogOptions>) => setOptions((previous) => ({ ...previous, ...change }));

  // The follow state is the box's last line: a reader at the bottom sees it change too.
  useEffect(() => {
    if (stickToBottom.current && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  }, [stream.lines, stream.reconnecting]);

  const matches = useMemo(() => {
    if (!find) return 0;
    const needle = find.toLowerCase();
    return stream.lines.reduce((count, line) => (line.toLowerCase().includes(needle) ? count + 1 : count), 0);
  }, [stream.lines, find]);
  const drawn = stream.lines.length > DRAWN_LINES ? stream.lines.slice(stream.lines.length - DRAWN_LINES) : stream.lines;

  const download = () => {
    const blob = new Blob([stream.lines.join('\n') + '\n'], { type: 'text/plain' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        {containers.length > 0 && (
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
            {t('container')}
            <select className={control} value={options.container} onChange={(event) => set({ container: event.target.value })}>
              {containers.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        )}
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t('tailLines')}
          <input
            type="number"
            min={1}
            className={`${control} w-24 tabular-nums`}
            defaultValue={options.tailLines}
            onBlur={(event) => set({ tailLines: Math.max(1, Number(event.target.value) || initialTailLines) })}
            onKeyDown={(event) => event.key === 'Enter' && set({ tailLines: Math.max(1, Number(event.currentTarget.value) || initialTailLines) })}
          />
        </label>
        <label className="flex h-8 items-center gap-1.5 text-sm">
          <input type="checkbox" checked={options.follow} onChange={(event) => set({ follow: event.target.checked })} />
          {t('follow')}
        </label>
        {allowPrevious && (
          <label className="flex h-8 items-center gap-1.5 text-sm">
            <input type="checkbox" checked={options.previous} onChange={(event) => set({ previous: event.target.checked, follow: event.target.checked ? false : options.follow })} />
            {t('previous')}
          </label>
        )}
        <label className="flex h-8 items-center gap-1.5 text-sm">
          <input type="checkbox" checked={options.timestamps} onChange={(event) => set({ timestamps: event.target.checked })} />
          {t('timestamps')}
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t('find')}
          <input className={`${control} w-48 font-mono`} value={find} onChange={(event) => setFind(event.target.value)} spellCheck={false} data-page-filter />
        </label>
        {find && (
          <span className="h-8 content-center text-xs tabular-nums text-slate-600" data-testid="find-count">
            {t('matches', { count: matches })}
          </span>
        )}
        <button
          type="button"
          onClick={download}
          disabled={stream.lines.length === 0}
          className="ml-auto h-8 rounded border border-slate-300 bg-white px-3 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          {t('download')}
        </button>
      </div>
      {stream.error && !stream.reconnecting ? (
        <ErrorView error={stream.error} compact />
      ) : stream.loading && !stream.reconnecting ? (
        <Skeleton className="h-64 w-full" label={t('loading')} />
      ) : (
        <div
          ref={scroller}
          onScroll={(event) => {
            const box = event.currentTarget;
            stickToBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
          }}
          className="max-h-[60vh] min-h-32 overflow-auto rounded-md bg-slate-950 p-3"
          aria-label={t('logLines')}
          role="log"
        >
          {stream.lines.length === 0 ? (
            <p className="font-mono text-xs text-slate-400">{stream.ended ? t('noLines') : t('waiting')}</p>
          ) : (
            <pre className="font-mono text-xs leading-5 whitespace-pre-wrap text-slate-100">
              {drawn.map((line, index) => (
                <div key={stream.lines.length - drawn.length + index}>
                  {splitMatches(line, find).map((part, at) =>
                    part.match ? (
                      <mark key={at} className="rounded-sm bg-amber-300 text-slate-950">
                        {part.text}
                      </mark>
                    ) : (
                      part.text
                    ),
                  )}
                </div>
              ))}
            </pre>
          )}
          {options.follow && !stream.ended && <FollowState stream={stream} />}
          {stream.lines.length >= MAX_LOG_LINES && <p className="mt-1 font-mono text-xs text-slate-400">{t('kept', { count: MAX_LOG_LINES })}</p>}
        </div>
      )}
    </div>
  );
}
