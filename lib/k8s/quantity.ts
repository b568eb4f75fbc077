/**
 * resource.Quantity (k8s.io/apimachinery pkg/api/resource): "250m", "1.5Gi", "1e3" parsed exactly,
 * printed in canonical form, and read as numbers. Pure.
 */

/** How a quantity prints: 12M (DecimalSI), 12Mi (BinarySI), 12e6 (DecimalExponent). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: unscaled × 10^exponent, with the format it was written in. */
export interface Quantity {
  unscaled: bigint;
  exponent: number;
  format: QuantityFormat;
}

/** ParseQuantity's errors, with the API server's messages. */
export class QuantityError extends Error {}

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([suffix, exponent]) => [exponent, suffix]));
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
/** BinarySI amounts are capped at the largest int64, as ParseQuantity does. */
const MAX_ALLOWED = 2n ** 63n - 1n;
const NANO = -9;
// parseQuantityString's scanner: sign, digits, optional fraction, suffix letters, optional signed exponent digits.
const SPLIT = /^([+-]?)(\d*)(?:\.(\d*))?([eEinumkKMGTP]*)([+-]?\d*)$/;

const pow10 = (n: number) => 10n ** BigInt(n);
const abs = (n: bigint) => (n < 0n ? -n : n);

/** Divides rounding away from zero (inf.RoundUp). */
function divideUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : n < 0n ? q - 1n : q + 1n;
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (suffix in DECIMAL) return { base: 10, exponent: DECIMAL[suffix], format: 'DecimalSI' };
  if (suffix in BINARY) return { base: 2, exponent: BINARY[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  throw new QuantityError(SUFFIX_WRONG);
}

/** ParseQuantity: the exact amount, rounded up to 1n and BinarySI capped at 2^63-1; throws QuantityError. */
export function parseQuantity(text: string): Quantity {
  const m = SPLIT.exec(text);
  if (!m || text === '') throw new QuantityError(FORMAT_WRONG);
  const [, sign, whole, fraction = '', letters, exponentDigits] = m;
  // A sign or digits after the letters must form an exponent ("e-3"), not stand alone ("1+1").
  if (exponentDigits !== '' && !/\d$/.test(exponentDigits)) throw new QuantityError(SUFFIX_WRONG);
  const { base, exponent, format: written } = interpretSuffix(letters + exponentDigits);
  let amount = BigInt(`${whole}${fraction}` || '0');
  let scale = -fraction.length;
  if (base === 10) scale += exponent;
  else amount *= 2n ** BigInt(exponent);
  if (scale < NANO) {
    amount = divideUp(amount, pow10(NANO - scale));
    scale = NANO;
  }
  let format = written;
  if (format === 'BinarySI') {
    if (scale < 0 ? amount > MAX_ALLOWED * pow10(-scale) : amount > MAX_ALLOWED) [amount, scale] = [MAX_ALLOWED, 0];
    // Between 0 and 1 a binary quantity prints in decimal, so "0.5" of a byte is not rounded.
    if (amount !== 0n && scale < 0 && amount < pow10(-scale)) format = 'DecimalSI';
  }
  return { unscaled: sign === '-' ? -amount : amount, exponent: scale, format };
}

/** NewQuantity: an integer amount in a format. */
export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return { unscaled: BigInt(value), exponent: 0, format };
}

/** NewMilliQuantity: an amount in thousandths, in a format. */
export function newMilliQuantity(milli: number | bigint, format: QuantityFormat): Quantity {
  return { unscaled: BigInt(milli), exponent: -3, format };
}

/** The amount in units of 10^scale, rounded away from zero (ScaledValue). */
export function scaledValue(q: Quantity, scale: number): bigint {
  const shift = q.exponent - scale;
  return shift >= 0 ? q.unscaled * pow10(shift) : divideUp(q.unscaled, pow10(-shift));
}

/** AsCanonicalBytes: mantissa and an exponent that is a multiple of 3, trailing zeros moved into it. */
function canonicalDecimal(q: Quantity): { mantissa: bigint; exponent: number } {
  let { unscaled: mantissa, exponent } = q;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  return { mantissa, exponent };
}

/** Quantity.String(): the canonical text ("1Gi" for 1024Mi, "500m" for 0.5, "1e3" for 1000 written 1e3). */
export function quantityString(q: Quantity): string {
  if (q.unscaled === 0n) return '0';
  if (q.format === 'BinarySI') {
    const whole = q.exponent >= 0 ? q.unscaled * pow10(q.exponent) : q.unscaled % pow10(-q.exponent) === 0n ? q.unscaled / pow10(-q.exponent) : undefined;
    // Under 1024 or with a fraction, a binary quantity prints in decimal rather than be rounded.
    if (whole !== undefined && abs(whole) >= 1024n) {
      let [mantissa, power] = [whole, 0];
      while (mantissa % 1024n === 0n && power < BINARY_SUFFIXES.length - 1) {
        mantissa /= 1024n;
        power++;
      }
      return `${mantissa}${BINARY_SUFFIXES[power]}`;
    }
  }
  const { mantissa, exponent } = canonicalDecimal(q);
  const si = q.format === 'DecimalExponent' ? undefined : DECIMAL_SUFFIX.get(exponent);
  // DecimalSI has no suffix beyond E (10^18): larger exponents print as "1e21".
  return `${mantissa}${si ?? (exponent === 0 ? '' : `e${exponent}`)}`;
}

/** The canonical text of a quantity as the API server prints it; text that is not a quantity is returned as it is. */
export function canonicalQuantity(text: string | number | undefined | null): string {
  if (text === undefined || text === null) return '0';
  try {
    return quantityString(parseQuantity(String(text)));
  } catch (err) {
    if (err instanceof QuantityError) return String(text);
    throw err;
  }
}

function parsed(text: string | number | undefined | null): Quantity | undefined {
  return text === undefined || text === null || text === '' ? undefined : parseQuantity(String(text));
}

/** MilliValue() of a quantity in an object (0 when absent): CPU in millicores; throws QuantityError when malformed. */
export function quantityMilliValue(text: string | number | undefined | null): number {
  const q = parsed(text);
  return q ? Number(scaledValue(q, -3)) : 0;
}

/** Value() of a quantity in an object (0 when absent): memory in bytes, rounded up; throws QuantityError when malformed. */
export function quantityValue(text: string | number | undefined | null): number {
  const q = parsed(text);
  return q ? Number(scaledValue(q, 0)) : 0;
}

/** AsApproximateFloat64: cores for CPU, bytes for memory; undefined when absent or not a quantity. */
export function approximateFloat(text: string | number | undefined | null): number | undefined {
  if (typeof text === 'number') return text;
  let q: Quantity | undefined;
  try {
    q = parsed(text);
  } catch {
    return undefined;
  }
  if (!q) return undefined;
  // Dividing keeps "250m" exactly 0.25.
  return q.exponent < 0 ? Number(q.unscaled) / 10 ** -q.exponent : Number(q.unscaled) * 10 ** q.exponent;
}

/** CPU cores as the API server prints them: "250m", "2". */
export function formatCpu(cores: number): string {
  return quantityString(newMilliQuantity(Math.round(cores * 1000), 'DecimalSI'));
}

/** Memory bytes as the API server prints them: "256Mi", "1536Mi", "2Gi". */
export function formatMemory(bytes: number): string {
  return quantityString(newQuantity(Math.round(bytes), 'BinarySI'));
}
