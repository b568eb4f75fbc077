/**
 * How well typed text names a palette entry, best first. Only whole words count: the text must equal
 * or begin a field or one of its words (words split at spaces, punctuation and camelCase humps), or
 * sit inside one word; letters scattered across a name never match.
 */
export const MATCH = {
  /** A field is the text (the kind Scale for "scale", the short name hpa for "hpa"). */
  exact: 0,
  /** A field begins with the text ("Scale Deployment web" for "scale"). */
  prefix: 1,
  /** A word of a field is the text ("Describe scale of web"). */
  word: 2,
  /** A word of a field begins with the text (StatefulSet for "set"). */
  wordPrefix: 3,
  /** The text sits inside one word (HorizontalPodAutoscaler for "scale"). */
  inWord: 4,
} as const;

export type MatchRank = (typeof MATCH)[keyof typeof MATCH];

/** A field's words, lower-cased: "HorizontalPodAutoscaler" gives horizontal, pod, autoscaler; "kube-system/web-1" gives kube, system, web, 1. */
export function wordsOf(field: string): string[] {
  return field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** One or two letters sit inside most words: they are looked for at the starts of words only. */
const MIN_IN_WORD = 3;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function rankIn(needle: string, field: string): MatchRank | undefined {
  const whole = field.toLowerCase();
  if (whole === needle) return MATCH.exact;
  if (whole.startsWith(needle)) return MATCH.prefix;
  if (/^[\p{L}\p{N}]+$/u.test(needle)) {
    const words = wordsOf(field);
    if (words.includes(needle)) return MATCH.word;
    if (words.some((w) => w.startsWith(needle))) return MATCH.wordPrefix;
    if (needle.length >= MIN_IN_WORD && words.some((w) => w.includes(needle))) return MATCH.inWord;
    return undefined;
  }
  // Text with a dash or a space ("web-1") is looked for as it is, at a word's start where it can be.
  const atStart = `(?:^|[^\\p{L}\\p{N}])${escaped(needle)}`;
  if (new RegExp(`${atStart}(?:$|[^\\p{L}\\p{N}])`, 'u').test(whole)) return MATCH.word;
  if (new RegExp(atStart, 'u').test(whole)) return MATCH.wordPrefix;
  return needle.length >= MIN_IN_WORD && whole.includes(needle) ? MATCH.inWord : undefined;
}

function best(ranks: (MatchRank | undefined)[]): MatchRank | undefined {
  const found = ranks.filter((r) => r !== undefined);
  return found.length ? (Math.min(...found) as MatchRank) : undefined;
}

/**
 * The rank of the best match of `text` in any of `fields`, undefined for none. Text of several words
 * ("scale web") matches when each word does, ranked by its worst word, unless the whole text matches better.
 */
export function matchRank(text: string, fields: readonly (string | undefined)[]): MatchRank | undefined {
  const needle = text.trim().toLowerCase();
  const present = fields.filter((f): f is string => Boolean(f));
  if (!needle) return MATCH.exact;
  const whole = best(present.map((f) => rankIn(needle, f)));
  const parts = needle.split(/\s+/);
  if (parts.length === 1) return whole;
  const each = parts.map((part) => best(present.map((f) => rankIn(part, f))));
  const all = each.some((r) => r === undefined) ? undefined : (Math.max(...(each as MatchRank[])) as MatchRank);
  return best([whole, all]);
}

/** The items `text` matches, best rank first and in their given order within a rank; every item when nothing is typed. */
export function rankMatches<T>(items: readonly T[], text: string, fieldsOf: (item: T) => readonly (string | undefined)[]): T[] {
  if (!text.trim()) return [...items];
  return items
    .map((item, index) => ({ item, index, rank: matchRank(text, fieldsOf(item)) }))
    .filter((entry): entry is { item: T; index: number; rank: MatchRank } => entry.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.item);
}
