/** A log widget's title from its query: the first name a stats command gives (ACCESS_COUNT), else the query's first line. Pure. */
export function logWidgetTitle(query: string): string {
  const named = /\bstats\b[\s\S]*?\bas\s+([A-Za-z_@][\w.@]*)/i.exec(query);
  if (named) return named[1];
  return query.split('\n')[0].trim().slice(0, 60);
}
