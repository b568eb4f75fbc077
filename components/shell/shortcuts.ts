/** The page-wide keys besides the palette's: `/` goes to the page's filter, `?` lists the keys. */
export type Shortcut = 'focus-filter' | 'show-shortcuts';

/** The attribute that marks a page's main filter input, the one `/` focuses. */
export const PAGE_FILTER_ATTRIBUTE = 'data-page-filter';

/** Where a key was pressed, as much of the event's target as the decision needs. */
export interface KeyTarget {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
}

/** The keys each list in the shortcuts dialog, in the order shown; `does` is its key in the Shortcuts messages. */
export const SHORTCUTS = [
  { keys: ['Ctrl', 'K'], does: 'palette' },
  { keys: ['/'], does: 'filter' },
  { keys: ['?'], does: 'list' },
  { keys: ['Tab'], does: 'next' },
  { keys: ['Enter'], does: 'open' },
  { keys: ['Esc'], does: 'close' },
] as const;

const TYPING_INPUTS = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'time', 'month', 'week']);

/** Whether a key pressed at `target` is being typed into something: an editor, a text area, a list box or a text input. */
export function isTyping(target: KeyTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TYPING_INPUTS.has((target.type ?? '').toLowerCase());
}

/** The shortcut a key press asks for, or null: only a plain `/` or `?` pressed outside anything typed into. */
export function shortcutOf(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: KeyTarget | null }): Shortcut | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return null;
  if (event.key === '/') return 'focus-filter';
  if (event.key === '?') return 'show-shortcuts';
  return null;
}
