'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorView } from '../ui/error-view';

/**
 * A modal dialog asking to confirm a write: what it will do, optionally the name typed to confirm,
 * and the API server's refusal shown verbatim when it comes. Escape and Cancel close it.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  typeToConfirm,
  busy,
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
  error?: unknown;
  tone?: 'default' | 'danger';
  onConfirm: () => void;
  onCancel: () => void;
  children?: React.ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const inputId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const ready = !busy && (typeToConfirm === undefined || typed === typeToConfirm);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
      className="w-full max-w-lg rounded-md border border-slate-200 p-0 shadow-xl backdrop:bg-black/30"
    >
      <form
        method="dialog"
        className="space-y-3 p-4 text-sm text-slate-900"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) onConfirm();
        }}
      >
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children}
        {typeToConfirm !== undefined && (
          <div className="space-y-1">
            <label htmlFor={inputId} className="block">
              Type <span className="font-mono font-semibold">{typeToConfirm}</span> to confirm
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
            Cancel
          </button>
          <button type="submit" disabled={!ready} className={`rounded px-3 py-1 text-white disabled:opacity-50 ${tone === 'danger' ? 'bg-red-600 hover:bg-red-700' : 'bg-blue-600 hover:bg-blue-700'}`}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
