'use client';
import { useEffect, useId, useRef } from 'react';

/** A modal <dialog> titled `title`, open while mounted; Escape closes it through onClose unless `busy`. */
export function ModalDialog({ title, busy, onClose, className, children }: { title: string; busy: boolean; onClose: () => void; className: string; children: React.ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      // The CSS reset zeroes every margin, which undoes the browser's centring of a modal dialog; m-auto restores it.
      className={`m-auto max-h-[calc(100dvh-1.5rem)] w-[calc(100%-1.5rem)] overflow-y-auto rounded-md border border-slate-200 p-0 shadow-xl backdrop:bg-black/30 ${className}`}
    >
      <div className="space-y-3 p-4 text-sm text-slate-900">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}
