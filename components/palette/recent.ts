/** The places chosen from the command palette, most recent first, kept per cluster in localStorage. */

export interface RecentItem {
  href: string;
  label: string;
  /** "Page", "Kind", "Pod in eks-work"… */
  detail: string;
}

/** How many recent places are kept. */
export const MAX_RECENT = 8;

const key = (cluster: string) => `watchdeck.palette.recent.${cluster}`;

function valid(value: unknown): value is RecentItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  // Only the console's own paths: a stored value never sends the user elsewhere.
  return typeof item.href === 'string' && item.href.startsWith('/c/') && !item.href.startsWith('//') && typeof item.label === 'string' && typeof item.detail === 'string';
}

/** The recent places, dropping anything stored that is not one; an unreadable store gives none. */
export function readRecent(storage: Pick<Storage, 'getItem'>, cluster: string): RecentItem[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key(cluster)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(valid).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** Puts `item` first, without a second copy of the same place, keeping at most MAX_RECENT. */
export function rememberRecent(storage: Pick<Storage, 'getItem' | 'setItem'>, cluster: string, item: RecentItem): RecentItem[] {
  const next = [item, ...readRecent(storage, cluster).filter((r) => r.href !== item.href)].slice(0, MAX_RECENT);
  try {
    storage.setItem(key(cluster), JSON.stringify(next));
  } catch {
    // A full or disabled store only means nothing is remembered.
  }
  return next;
}
