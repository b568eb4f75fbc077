import { useTranslations } from 'next-intl';
import { useId } from 'react';
import type { Section } from '../api/types';
import { ErrorView } from '../ui/error-view';
import { SectionError } from '../ui/restricted-note';
import { Skeleton } from '../ui/skeleton';

/** A titled panel that shows its data, its own error, or a skeleton while the overview loads. */
export function SectionPanel<T>({
  title,
  section,
  className = '',
  anchor,
  main = false,
  children,
}: {
  title: string;
  /** The section's id, so a link can point at it (`…#events`). */
  anchor?: string;
  /** The page's main content: its refusal is the page's, explained in full, where another section's reads as a restriction. */
  main?: boolean;
  section: Section<T> | undefined;
  className?: string;
  children: (data: T) => React.ReactNode;
}) {
  const t = useTranslations('Overview');
  // A generated id: a title in Korean has no letters \W would keep.
  const id = useId();
  return (
    <section id={anchor} aria-labelledby={id} className={`scroll-mt-4 rounded-md border border-slate-200 bg-white ${className}`}>
      <h2 id={id} className="border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
        {title}
      </h2>
      <div className="p-3">
        {section === undefined ? (
          <Skeleton className="h-16 w-full" label={t('loadingSection', { title })} />
        ) : 'error' in section ? (
          main ? (
            <ErrorView error={section.error} compact />
          ) : (
            <SectionError what={title} error={section.error} />
          )
        ) : (
          children(section.data)
        )}
      </div>
    </section>
  );
}
