/**
 * Resource quantities ("250m", "512Mi", "1.5Gi", "2") as numbers and back.
 *
 * @kubernetes/client-node's quantityToScalar returns number or bigint by
 * suffix and rejects fractional binary quantities such as "1.5Gi", so the
 * world keeps its own small parser.
 */

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/;

/** The quantity's value in base units (cores, bytes, count). */
export function parseQuantity(quantity: string | number | undefined | null): number {
  if (quantity === undefined || quantity === null || quantity === '') return 0;
  if (typeof quantity === 'number') return quantity;
  const m = QUANTITY.exec(quantity.trim());
  if (!m || !(m[3] in SUFFIXES) || (m[2] !== undefined && m[3] !== '')) {
    throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  }
  const exponent = m[2] !== undefined ? 10 ** Number(m[2]) : 1;
  return Number(m[1]) * exponent * SUFFIXES[m[3]];
}

/** CPU in millicores, rounded up as resource.Quantity.MilliValue does. */
export function milliCpu(quantity: string | number | undefined | null): number {
  return Math.ceil(Math.round(parseQuantity(quantity) * 1e9) / 1e6);
}

/** Memory (or any integral quantity) in whole units, rounded up as Quantity.Value does. */
export function bytes(quantity: string | number | undefined | null): number {
  return Math.ceil(Math.round(parseQuantity(quantity) * 1e3) / 1e3);
}

/** CPU as the API server prints it: "2", "1930m". */
export function formatCpu(millicores: number): string {
  const m = Math.round(millicores);
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}
