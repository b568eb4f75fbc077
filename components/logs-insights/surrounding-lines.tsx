'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import type { Surrounding } from '@/server/logs/surrounding';
import { apiRequest } from '../api/client';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';

/** A record's neighbouring lines in its log stream; they do not change once written, so they are read once. */
export function surroundingQuery(cluster: string, ptr: string) {
  return queryOptions({
    queryKey: ['logs', cluster, 'surrounding', ptr],
    queryFn: () => apiRequest<Surrounding>(`/api/v1/logs/records/surrounding?${new URLSearchParams({ cluster, ptr })}`),
    staleTime: Infinity,
  });
}

/**
 * "Show surrounding lines" under an opened record: the lines its container wrote just before and after it, from
 * the same stream, so a stack trace that was shipped one line per event reads as the one message it was.
 */
export function SurroundingLines({ cluster, ptr }: { cluster: string; ptr: string }) {
  const t = useTranslations('Surrounding');
  const format = useFormatter();
  const [open, setOpen] = useState(false);
  const surrounding = useQuery({ ...surroundingQuery(cluster, ptr), enabled: open });
  // The list opens with the record in its middle, whichever side has more lines.
  const centreRecord = useCallback((list: HTMLOListElement | null) => {
    const record = list?.querySelector<HTMLElement>('[aria-current]');
    if (list && record) list.scrollTop = record.offsetTop - (list.clientHeight - record.offsetHeight) / 2;
  }, []);
  return (
    <div className="mb-2">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100">
        {t(open ? 'hide' : 'show')}
      </button>
      {open &&
        (surrounding.isPending ? (
          <Skeleton className="mt-2 h-16 w-full" label={t('loading')} />
        ) : surrounding.isError ? (
          <div className="mt-2">
            <ErrorView error={surrounding.error} compact />
          </div>
        ) : (
          <figure className="mt-2">
            <figcaption className="break-all text-slate-600">{t('from', { stream: surrounding.data.logStream })}</figcaption>
            <ol ref={centreRecord} aria-label={t('label')} className="relative mt-1 max-h-96 overflow-auto rounded border border-slate-200 bg-white py-1 font-mono">
              {surrounding.data.lines.map((line, i) => (
                <li key={i} aria-current={line.record ? 'true' : undefined} className={`flex gap-3 px-2 ${line.record ? 'bg-amber-50 font-semibold text-slate-900' : 'text-slate-800'}`}>
                  <time dateTime={new Date(line.timestamp).toISOString()} className="shrink-0 font-normal text-slate-600">
                    {format.dateTime(line.timestamp, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23', timeZone: 'UTC' })}
                  </time>
                  {/* A tab-indented frame keeps its indent, as it reads in the container's own output. */}
                  <span className="min-w-0 whitespace-pre-wrap break-all [tab-size:4]">{line.text}</span>
                </li>
              ))}
            </ol>
          </figure>
        ))}
    </div>
  );
}
