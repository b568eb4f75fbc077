/** resource.Quantity text ("250m", "2Gi", "1.5", "128974848", "1e3") as a number, and back in kubectl's units. Pure. */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
/** Decimal suffixes as powers of ten. */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The quantity's value (cores for CPU, bytes for memory); undefined when it does not parse. */
export function parseQuantity(text: string | number | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text === 'number') return text;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, number, suffix, exponent] = match;
  const value = Number(number);
  if (suffix && BINARY[suffix]) return value * BINARY[suffix];
  const power = exponent !== undefined ? Number(exponent) : suffix ? DECIMAL[suffix] : 0;
  // Dividing keeps "250m" exactly 0.25.
  return power < 0 ? value / 10 ** -power : value * 10 ** power;
}

/** CPU as kubectl describe shows it: "250m", or whole cores ("2"). */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Memory in the largest binary unit that keeps it whole ("256Mi", "1536Mi", "2Gi"), else bytes. */
export function formatMemory(bytes: number): string {
  const rounded = Math.round(bytes);
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    if (rounded !== 0 && rounded % BINARY[unit] === 0) return `${rounded / BINARY[unit]}${unit}`;
  }
  return String(rounded);
}
