'use client';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { ErrorView } from '../ui/error-view';
import { ModalDialog } from '../ui/modal-dialog';

/**
 * A modal dialog asking to confirm a write: what it will do, optionally the name typed to confirm,
 * and the API server's refusal shown verbatim when it comes. Escape and Cancel close it.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  typeToConfirm,
  busy,
  ready: canConfirm = true,
  error,
  tone = 'default',
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  confirmLabel: string;
  /** When given, the confirm button waits until exactly this is typed. */
  typeToConfirm?: string;
  busy: boolean;
  /** False while what the dialog asks for is incomplete or invalid. */
  ready?: boolean;
  error?: unknown;
  tone?: 'default' | 'danger';
  onConfirm: () => void;
  onCancel: () => void;
  children?: React.ReactNode;
}) {
  const t = useTranslations('Actions');
  const [typed, setTyped] = useState('');
  const inputId = useId();

  const ready = canConfirm && !busy && (typeToConfirm === undefined || typed === typeToConfirm);
  return (
    <ModalDialog title={title} busy={busy} onClose={onCancel} className="max-w-lg">
      <form
        method="dialog"
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) onConfirm();
        }}
      >
        {children}
        {typeToConfirm !== undefined && (
          <div className="space-y-1">
            <label htmlFor={inputId} className="block">
              {t.rich('typeToConfirm', { name: typeToConfirm, mono: (chunk) => <span className="font-mono font-semibold">{chunk}</span> })}
            </label>
            <input
              id={inputId}
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              className="w-full rounded border border-slate-300 px-2 py-1 font-mono"
            />
          </div>
        )}
        {error !== undefined && error !== null && <ErrorView error={error} compact />}
        <div className="flex justify-end gap-2">
          <button type="button" disabled={busy} onClick={onCancel} className="rounded px-3 py-1 hover:bg-slate-100">
            {t('cancel')}
          </button>
          <button type="submit" disabled={!ready} className={`rounded px-3 py-1 text-white disabled:opacity-50 ${tone === 'danger' ? 'bg-red-600 hover:bg-red-700' : 'bg-blue-600 hover:bg-blue-700'}`}>
            {busy ? t('working') : confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
