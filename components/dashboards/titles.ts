import { parseQuery } from '@/lib/logs-insights/parser';

/** Longer titles are cut here: a widget's header is one line. */
const TITLE_MAX = 60;

const cut = (text: string) => (text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX - 1).trimEnd()}…` : text);

/** What a query shows, in a few words: its stats (and groups), else its filters, else its first command. */
function summary(query: string): string {
  try {
    const { text, commands } = parseQuery(query);
    const source = (c: { start: number; end: number }) => text.slice(c.start, c.end).replace(/\s+/g, ' ').trim();
    const stats = commands.find((c) => c.command === 'stats');
    if (stats) return `${stats.items.map((i) => i.name).join(', ')}${stats.by.length ? ` by ${stats.by.map((b) => b.name).join(', ')}` : ''}`;
    const filters = commands.filter((c) => c.command === 'filter').map((c) => source(c).replace(/^filter\s+/i, ''));
    if (filters.length) return filters.join(' and ');
    if (commands.length) return source(commands[0]);
  } catch {
    // A query that does not parse is named by its first line.
  }
  return query.split('\n')[0].trim();
}

/**
 * A log widget's title: the saved query's name when it came from one, else the first name a stats
 * command gives (ACCESS_COUNT), else a summary of the query. Pure.
 */
export function logWidgetTitle(query: string, savedName?: string): string {
  if (savedName?.trim()) return cut(savedName.trim());
  const named = /\bstats\b[\s\S]*?\bas\s+([A-Za-z_@][\w.@]*)/i.exec(query);
  return cut(named ? named[1] : summary(query));
}
