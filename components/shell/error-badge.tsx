'use client';
import { use } from 'react';
import { toErrorObject } from '../api/client';
import { AuthModeContext, ErrorView, usePresentError } from '../ui/error-view';
import { Popover } from '../ui/popover';
import { topBarControl } from './top-bar';

/** A top-bar control that could not load: the error kind's title (its message on hover), and the full panel on click. */
export function ErrorBadge({ label, error, align = 'left' }: { label: string; error: unknown; align?: 'left' | 'right' }) {
  const errorObject = toErrorObject(error);
  const { title } = usePresentError()(errorObject, { mode: use(AuthModeContext) });
  return (
    <Popover
      label={label}
      button={
        <span data-error-kind={errorObject.kind} title={errorObject.message} className="flex items-center gap-1.5">
          <span aria-hidden className="size-2 rounded-full bg-red-400" />
          {title}
        </span>
      }
      buttonClassName={`${topBarControl} max-w-56 truncate text-on-ink-alert`}
      panelClassName="w-80 max-w-[90vw]"
      align={align}
    >
      <ErrorView error={error} compact />
    </Popover>
  );
}
