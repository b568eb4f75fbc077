'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { ModalDialog } from '../ui/modal-dialog';
import { PAGE_FILTER_ATTRIBUTE, SHORTCUTS, shortcutOf } from './shortcuts';

/** Listens for `/` (focus the page's filter) and `?` (this list of keys, closed with Escape) on every cluster page. */
export function KeyboardShortcuts() {
  const t = useTranslations('Shortcuts');
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const shortcut = shortcutOf({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: target && { tagName: target.tagName, isContentEditable: target.isContentEditable, type: target.getAttribute('type') ?? '' },
      });
      if (shortcut === 'show-shortcuts') {
        event.preventDefault();
        setOpen(true);
      } else if (shortcut === 'focus-filter') {
        const filter = document.querySelector<HTMLElement>(`main [${PAGE_FILTER_ATTRIBUTE}]`);
        if (!filter) return;
        event.preventDefault();
        filter.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!open) return null;
  return (
    <ModalDialog title={t('title')} busy={false} onClose={() => setOpen(false)} className="max-w-md">
      <dl className="grid grid-cols-[max-content_1fr] items-center gap-x-4 gap-y-2">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.does} className="contents">
            <dt className="flex gap-1">
              {shortcut.keys.map((key) => (
                <kbd key={key} className="rounded border border-slate-300 bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
                  {key}
                </kbd>
              ))}
            </dt>
            <dd>{t(shortcut.does)}</dd>
          </div>
        ))}
      </dl>
      <div className="flex justify-end">
        <button type="button" autoFocus onClick={() => setOpen(false)} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
          {t('dismiss')}
        </button>
      </div>
    </ModalDialog>
  );
}
