'use client';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { QueryFailure } from '@/components/logs-insights/query-failure';

/** A widget's box: its title, its own progress and its own error; nothing here touches other widgets. */
export function WidgetFrame({ title, progress, note, error, actions, children }: { title: string; progress?: string; note?: string; error?: unknown; actions?: ReactNode; children?: ReactNode }) {
  const t = useTranslations('Dashboards');
  return (
    <section className="flex h-full flex-col overflow-hidden rounded border border-slate-200 bg-white shadow-sm" data-testid="dashboard-widget" aria-label={title || t('widget')}>
      {/* On a narrow screen the progress and actions move under the title rather than past the widget's edge. */}
      <header className="widget-drag flex flex-wrap items-center gap-x-2 gap-y-0.5 border-b border-slate-100 px-3 py-1.5">
        <h3 className="min-w-0 truncate text-sm font-semibold text-slate-800">{title}</h3>
        {progress && (
          <span role="status" className="ml-auto min-w-0 text-xs text-slate-500" data-testid="widget-progress">
            {progress}
          </span>
        )}
        <div className={`${progress ? '' : 'ml-auto'} flex shrink-0 items-center gap-1`}>{actions}</div>
      </header>
      {note && <p className="border-b border-slate-100 px-3 py-1 text-xs text-amber-900">{note}</p>}
      <div className="min-h-0 flex-1 overflow-auto p-2">{error ? <QueryFailure error={error} /> : children}</div>
    </section>
  );
}
