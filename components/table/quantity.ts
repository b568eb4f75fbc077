/** Resource quantities as the page shows them: "250m" CPU, "256Mi" memory, and bars of usage against requests and limits. */
const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/;

/** A quantity in base units (cores, bytes); undefined when absent or malformed. */
export function quantityValue(quantity: string | number | undefined | null): number | undefined {
  if (quantity === undefined || quantity === null || quantity === '') return undefined;
  if (typeof quantity === 'number') return quantity;
  const m = QUANTITY.exec(quantity.trim());
  if (!m || !(m[3] in SUFFIXES)) return undefined;
  return Number(m[1]) * (m[2] !== undefined ? 10 ** Number(m[2]) : 1) * SUFFIXES[m[3]];
}

export function formatCores(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function formatBytes(bytes: number): string {
  for (const [suffix, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)}${suffix}`;
    }
  }
  return String(Math.round(bytes));
}
