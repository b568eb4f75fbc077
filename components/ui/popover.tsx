'use client';
import { useId, useRef, useState } from 'react';
import { useDismiss } from './use-dismiss';

/** A button that opens a panel below it; Escape or a click outside closes it and focus returns to the button. */
export function Popover({
  label,
  button,
  buttonClassName,
  panelClassName = 'w-72',
  align = 'left',
  children,
}: {
  label: string;
  button: React.ReactNode;
  buttonClassName: string;
  panelClassName?: string;
  align?: 'left' | 'right';
  /** A function receives `close`, for panels whose actions end the interaction. */
  children: React.ReactNode | ((close: () => void) => React.ReactNode);
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useDismiss(open, root, (how) => {
    setOpen(false);
    if (how === 'escape') trigger.current?.focus();
  });

  return (
    <div ref={root} className="relative">
      <button ref={trigger} type="button" aria-label={label} aria-expanded={open} aria-controls={panelId} aria-haspopup="dialog" onClick={() => setOpen((value) => !value)} className={buttonClassName}>
        {button}
      </button>
      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-label={label}
          className={`absolute top-full z-20 mt-1 rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-900 shadow-lg ${align === 'right' ? 'right-0' : 'left-0'} ${panelClassName}`}
        >
          {typeof children === 'function' ? children(() => setOpen(false)) : children}
        </div>
      )}
    </div>
  );
}
