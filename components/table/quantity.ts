/** Memory as the page shows it: the largest binary unit, rounded to what the eye needs ("7.4Gi"). */
export function formatBytes(bytes: number): string {
  for (const [suffix, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)}${suffix}`;
    }
  }
  return String(Math.round(bytes));
}
