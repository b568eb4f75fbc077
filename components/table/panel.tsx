import { useTranslations } from 'next-intl';
import { useCallback, useId } from 'react';
import { humanDuration } from '@/lib/k8s/human-duration';
import { ErrorView } from '../ui/error-view';
import { SectionError } from '../ui/restricted-note';
import { Skeleton } from '../ui/skeleton';
import { messageCell } from './message-cell';
import { SimpleTable, type SimpleColumn } from './simple-table';

/** A titled panel: a skeleton while loading, then its data or its own error, so one refusal does not blank the page. */
export function Panel<T>({
  title,
  data,
  error,
  className = '',
  actions,
  anchor,
  main = false,
  children,
}: {
  title: string;
  /** The section's id, so a link can point at it (`…#events`). */
  anchor?: string;
  /** The page's main content: its refusal is the page's, explained in full, where a section's reads as a restriction. */
  main?: boolean;
  data: T | undefined;
  error?: unknown;
  className?: string;
  actions?: React.ReactNode;
  children: (data: T) => React.ReactNode;
}) {
  const t = useTranslations('Table');
  // useId, not the title: a Korean title has no \w characters to make an id of.
  const id = `panel-${useId()}`;
  return (
    <section id={anchor} aria-labelledby={id} className={`min-w-0 scroll-mt-4 rounded-md border border-slate-200 bg-white ${className}`}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2">
        <h2 id={id} className="text-xs font-semibold uppercase tracking-wide text-slate-600">
          {title}
        </h2>
        {actions && <div className="ml-auto flex min-w-0 flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div className="p-3">
        {error ? (
          main ? (
            <ErrorView error={error} compact />
          ) : (
            <SectionError what={title} error={error} />
          )
        ) : data === undefined ? (
          <Skeleton className="h-16 w-full" label={t('loadingTitle', { title })} />
        ) : (
          children(data)
        )}
      </div>
    </section>
  );
}

/** A simple key/value list, for summaries. */
export function Facts({ facts }: { facts: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          <dd className="min-w-0 break-words font-mono text-[13px]">{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Labels or annotations as key=value chips. */
export function KeyValues({ values, label }: { values: Record<string, string> | undefined; label: string }) {
  const t = useTranslations('Table');
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1.5">
      {entries.map(([key, value]) => (
        <li key={key} className="max-w-full break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
          {key}={value}
        </li>
      ))}
    </ul>
  );
}

/** Kubernetes conditions: type, status, reason, message, last transition. */
type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string };

export function ConditionsTable({ conditions, now }: { conditions: Condition[]; now: number }) {
  const ago = useAgo();
  const t = useTranslations('Table');
  if (conditions.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  const columns: SimpleColumn<Condition>[] = [
    { header: t('type'), cell: (c) => c.type },
    { header: t('status'), cell: (c) => <span className={c.status === 'True' ? 'text-emerald-700' : 'text-amber-800'}>{c.status}</span> },
    { header: t('reason'), cell: (c) => c.reason ?? '' },
    { header: t('message'), cell: (c) => c.message ?? '', className: `${messageCell} font-sans` },
    { header: t('since'), cell: (c) => (c.lastTransitionTime ? ago(c.lastTransitionTime, now) : ''), className: 'whitespace-nowrap font-sans tabular-nums text-slate-600' },
  ];
  return <SimpleTable label={t('conditions')} rows={conditions} columns={columns} rowKey={(c) => c.type} />;
}

/** A time as "5m ago" in the page's language, the age as kubectl prints it; the page's clock ticks every few seconds, so a newer timestamp reads as "0s", not kubectl's "<invalid>". */
export type Ago = (timestamp: string | undefined, now: number) => string;

export function useAgo(): Ago {
  const t = useTranslations('Time');
  return useCallback((timestamp, now) => (timestamp ? t('ago', { age: age(timestamp, now) }) : '—'), [t]);
}

/** The AGE column, as kubectl prints it. */
export function age(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(Math.max(0, now - t));
}
