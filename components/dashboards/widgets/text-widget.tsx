'use client';
import { useTranslations } from 'next-intl';
import Markdown, { type Components } from 'react-markdown';
import { isSameOriginImage } from '@/lib/same-origin';
import type { TextWidget as Spec } from '@/lib/dashboards/model';

const LINK = 'text-blue-700 underline';

const MARKDOWN: Components = {
  h1: ({ children }) => <h1 className="mb-2 text-lg font-semibold">{children}</h1>,
  h2: ({ children }) => <h2 className="mb-2 text-base font-semibold">{children}</h2>,
  h3: ({ children }) => <h3 className="mb-1 text-sm font-semibold">{children}</h3>,
  p: ({ children }) => <p className="mb-2">{children}</p>,
  ul: ({ children }) => <ul className="mb-2 list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="mb-2 list-decimal pl-5">{children}</ol>,
  // react-markdown empties a URL with an unsafe scheme (javascript:, data:…): that is no link at all.
  a: ({ children, href }) =>
    href ? (
      <a href={href} className={LINK} rel="noopener noreferrer" target="_blank">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // An image from another site would tell it who reads the dashboard, and when: it is offered as a link instead.
  img: ({ src, alt }) => {
    const url = typeof src === 'string' ? src : '';
    // eslint-disable-next-line @next/next/no-img-element -- an image a dashboard's Markdown names, not one of the console's own to optimise
    if (isSameOriginImage(url, typeof window === 'undefined' ? undefined : window.location.href)) return <img src={url} alt={alt ?? ''} className="inline max-w-full" />;
    const text = alt ? `${alt} (${url})` : url;
    return url ? (
      <a href={url} className={`${LINK} break-all`} rel="noopener noreferrer" target="_blank" data-testid="markdown-image-link">
        {text}
      </a>
    ) : (
      <span>{alt}</span>
    );
  },
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 font-mono text-xs">{children}</code>,
};

/** Markdown without raw HTML: react-markdown escapes it, links only keep safe protocols, images load only from the console. */
export function TextWidget({ widget, actions }: { widget: Spec; actions?: React.ReactNode }) {
  const t = useTranslations('Dashboards');
  return (
    <section
      data-testid="dashboard-widget"
      aria-label={t('text')}
      className={`widget-drag relative h-full overflow-auto rounded p-3 text-sm ${widget.background === 'transparent' ? '' : 'border border-slate-200 bg-white shadow-sm'}`}
    >
      {actions && <div className="absolute right-1 top-1 flex gap-1">{actions}</div>}
      <div className="dashboard-markdown">
        <Markdown components={MARKDOWN}>{widget.markdown}</Markdown>
      </div>
    </section>
  );
}
