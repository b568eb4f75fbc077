/**
 * resource.Quantity.String(): the canonical text of a quantity, as printers
 * show it ("500m" for 0.5, "1Gi" for 1024Mi, "1536Mi" for 1.5Gi).
 */

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: [number, string][] = [
  [18, 'E'],
  [15, 'P'],
  [12, 'T'],
  [9, 'G'],
  [6, 'M'],
  [3, 'k'],
  [0, ''],
  [-3, 'm'],
  [-6, 'u'],
  [-9, 'n'],
];
const BINARY_SUFFIXES: [number, string][] = [
  [60, 'Ei'],
  [50, 'Pi'],
  [40, 'Ti'],
  [30, 'Gi'],
  [20, 'Mi'],
  [10, 'Ki'],
];

/** Exact decimal: digits × 10^exp. */
interface Dec {
  negative: boolean;
  digits: bigint;
  exp: number;
}

function parseDecimal(number: string): Dec | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(number);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  return { negative: m[1] === '-', digits: BigInt(`${m[2]}${frac}` || '0'), exp: -frac.length };
}

/** Rounds up to nano precision as the API server does, then picks the largest suffix that keeps an integer. */
function formatDecimal(d: Dec, exponentForm = false): string {
  let { digits, exp } = d;
  if (exp < -9) {
    const div = 10n ** BigInt(-9 - exp);
    digits = (digits + div - 1n) / div;
    exp = -9;
  }
  if (digits === 0n) return '0';
  for (const [e, si] of DECIMAL_SUFFIXES) {
    const suffix = exponentForm ? (e === 0 ? '' : `e${e}`) : si;
    if (exp >= e) return `${d.negative ? '-' : ''}${digits * 10n ** BigInt(exp - e)}${suffix}`;
    const div = 10n ** BigInt(e - exp);
    if (digits % div === 0n) return `${d.negative ? '-' : ''}${digits / div}${suffix}`;
  }
  return `${d.negative ? '-' : ''}${digits}e${exp}`;
}

export function canonicalQuantity(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '0';
  const text = String(value).trim();
  const m = /^([+-]?[\d.]+)([a-zA-Z]*|[eE][+-]?\d+)$/.exec(text);
  if (!m) return text;
  const d = parseDecimal(m[1]);
  if (!d) return text;
  const suffix = m[2];
  if (suffix in BINARY) {
    const scaled = d.digits * 2n ** BigInt(BINARY[suffix]);
    const unitsDiv = d.exp < 0 ? 10n ** BigInt(-d.exp) : 1n;
    const whole = d.exp >= 0 ? scaled * 10n ** BigInt(d.exp) : scaled / unitsDiv;
    // Fractions of a byte and values under 1Ki are shown in decimal, like the API server.
    if ((d.exp >= 0 || scaled % unitsDiv === 0n) && whole >= 1024n) {
      for (const [shift, s] of BINARY_SUFFIXES) {
        const unit = 2n ** BigInt(shift);
        if (whole % unit === 0n) return `${d.negative ? '-' : ''}${whole / unit}${s}`;
      }
      return `${d.negative ? '-' : ''}${whole}`;
    }
    return formatDecimal({ negative: d.negative, digits: scaled, exp: d.exp });
  }
  if (suffix in DECIMAL) return formatDecimal({ ...d, exp: d.exp + DECIMAL[suffix] });
  if (/^[eE]/.test(suffix)) return formatDecimal({ ...d, exp: d.exp + Number(suffix.slice(1)) }, true);
  return text;
}
