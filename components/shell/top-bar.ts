/** The look of the controls in the dark top bar, dark in both themes. */
export const topBarControl =
  'h-8 rounded border border-ink-line bg-ink-raised px-2 text-sm text-on-ink hover:border-ink-line-strong focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-on-ink-focus';

/** A label beside a top-bar control. */
export const topBarLabel = 'flex items-center gap-2 text-xs text-on-ink-muted';
