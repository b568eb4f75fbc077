/** Splits a line around case-insensitive matches of `needle`, for highlighting. */
export function splitMatches(line: string, needle: string): { text: string; match: boolean }[] {
  if (!needle) return [{ text: line, match: false }];
  const lower = line.toLowerCase();
  const target = needle.toLowerCase();
  const parts: { text: string; match: boolean }[] = [];
  let from = 0;
  for (let at = lower.indexOf(target); at !== -1; at = lower.indexOf(target, at + target.length)) {
    if (at > from) parts.push({ text: line.slice(from, at), match: false });
    parts.push({ text: line.slice(at, at + target.length), match: true });
    from = at + target.length;
  }
  if (from < line.length || parts.length === 0) parts.push({ text: line.slice(from), match: false });
  return parts;
}
