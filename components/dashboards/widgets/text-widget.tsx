'use client';
import Markdown, { type Components } from 'react-markdown';
import type { TextWidget as Spec } from '@/server/dashboards/model';

const MARKDOWN: Components = {
  h1: ({ children }) => <h1 className="mb-2 text-lg font-semibold">{children}</h1>,
  h2: ({ children }) => <h2 className="mb-2 text-base font-semibold">{children}</h2>,
  h3: ({ children }) => <h3 className="mb-1 text-sm font-semibold">{children}</h3>,
  p: ({ children }) => <p className="mb-2">{children}</p>,
  ul: ({ children }) => <ul className="mb-2 list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="mb-2 list-decimal pl-5">{children}</ol>,
  a: ({ children, href }) => (
    <a href={href} className="text-blue-700 underline" rel="noopener noreferrer" target="_blank">
      {children}
    </a>
  ),
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 font-mono text-xs">{children}</code>,
};

/** Markdown without raw HTML: react-markdown escapes it, and links only keep safe protocols. */
export function TextWidget({ widget, actions }: { widget: Spec; actions?: React.ReactNode }) {
  return (
    <section
      data-testid="dashboard-widget"
      aria-label="text"
      className={`widget-drag relative h-full overflow-auto rounded p-3 text-sm ${widget.background === 'transparent' ? '' : 'border border-slate-200 bg-white shadow-sm'}`}
    >
      {actions && <div className="absolute right-1 top-1 flex gap-1">{actions}</div>}
      <div className="dashboard-markdown">
        <Markdown components={MARKDOWN}>{widget.markdown}</Markdown>
      </div>
    </section>
  );
}
