import { describe, expect, it } from 'vitest';
import {
  approximateFloat,
  canonicalQuantity,
  formatCpu,
  formatMemory,
  quantityMilliValue,
  newMilliQuantity,
  newQuantity,
  parseQuantity,
  quantityString,
  QuantityError,
  scaledValue,
  quantityValue,
  type Quantity,
  type QuantityFormat,
} from './quantity';

// Expected values are upstream's own test tables: k8s.io/apimachinery pkg/api/resource/quantity_test.go
// (TestQuantityParse, TestQuantityString, TestQuantityParseEmit, TestMilliNewSet, TestNewSet), copied case for case.

/** quantity_test.go's decQuantity(i, exponent, format): i × 10^exponent. */
const dec = (i: number | bigint, exponent: number, format: QuantityFormat): Quantity => ({ unscaled: BigInt(i), exponent, format });

/** The amount in nano-units and the format, so equal amounts written at different scales compare equal (Quantity.Cmp). */
const amount = (q: Quantity) => ({ nanos: scaledValue(q, -9), format: q.format });

describe('parseQuantity (TestQuantityParse)', () => {
  const MAX_ALLOWED: Quantity = { unscaled: 2n ** 63n - 1n, exponent: 0, format: 'BinarySI' };
  const table: [string, Quantity][] = [
    ['0', dec(0, 0, 'DecimalSI')],
    ['0n', dec(0, 0, 'DecimalSI')],
    ['0u', dec(0, 0, 'DecimalSI')],
    ['0m', dec(0, 0, 'DecimalSI')],
    ['0Ki', dec(0, 0, 'BinarySI')],
    ['0k', dec(0, 0, 'DecimalSI')],
    ['0Mi', dec(0, 0, 'BinarySI')],
    ['0M', dec(0, 0, 'DecimalSI')],
    ['0Gi', dec(0, 0, 'BinarySI')],
    ['0G', dec(0, 0, 'DecimalSI')],
    ['0Ti', dec(0, 0, 'BinarySI')],
    ['0T', dec(0, 0, 'DecimalSI')],
    ['1', dec(1, 0, 'DecimalSI')],
    // Binary suffixes
    ['1Ki', dec(1024, 0, 'BinarySI')],
    ['8Ki', dec(8 * 1024, 0, 'BinarySI')],
    ['7Mi', dec(7 * 1024 * 1024, 0, 'BinarySI')],
    ['6Gi', dec(6 * 1024 * 1024 * 1024, 0, 'BinarySI')],
    ['5Ti', dec(5 * 1024 ** 4, 0, 'BinarySI')],
    ['4Pi', dec(4 * 1024 ** 5, 0, 'BinarySI')],
    ['3Ei', dec(3n * 1024n ** 6n, 0, 'BinarySI')],
    ['10Ti', dec(10 * 1024 ** 4, 0, 'BinarySI')],
    ['100Ti', dec(100 * 1024 ** 4, 0, 'BinarySI')],
    // Decimal suffixes
    ['5n', dec(5, -9, 'DecimalSI')],
    ['4u', dec(4, -6, 'DecimalSI')],
    ['3m', dec(3, -3, 'DecimalSI')],
    ['9', dec(9, 0, 'DecimalSI')],
    ['8k', dec(8, 3, 'DecimalSI')],
    ['50k', dec(5, 4, 'DecimalSI')],
    ['7M', dec(7, 6, 'DecimalSI')],
    ['6G', dec(6, 9, 'DecimalSI')],
    ['5T', dec(5, 12, 'DecimalSI')],
    ['40T', dec(4, 13, 'DecimalSI')],
    ['300T', dec(3, 14, 'DecimalSI')],
    ['2P', dec(2, 15, 'DecimalSI')],
    ['1E', dec(1, 18, 'DecimalSI')],
    // Decimal exponents
    ['1E-3', dec(1, -3, 'DecimalExponent')],
    ['1e3', dec(1, 3, 'DecimalExponent')],
    ['1E6', dec(1, 6, 'DecimalExponent')],
    ['1e9', dec(1, 9, 'DecimalExponent')],
    ['1E12', dec(1, 12, 'DecimalExponent')],
    ['1e15', dec(1, 15, 'DecimalExponent')],
    ['1E18', dec(1, 18, 'DecimalExponent')],
    // Nonstandard but still parsable
    ['1e14', dec(1, 14, 'DecimalExponent')],
    ['1e13', dec(1, 13, 'DecimalExponent')],
    ['100.035k', dec(100035, 0, 'DecimalSI')],
    // Things that look like floating point
    ['0.001', dec(1, -3, 'DecimalSI')],
    ['0.0005k', dec(5, -1, 'DecimalSI')],
    ['0.005', dec(5, -3, 'DecimalSI')],
    ['0.05', dec(5, -2, 'DecimalSI')],
    ['0.5', dec(5, -1, 'DecimalSI')],
    ['0.00050k', dec(5, -1, 'DecimalSI')],
    ['0.00500', dec(5, -3, 'DecimalSI')],
    ['0.05000', dec(5, -2, 'DecimalSI')],
    ['0.50000', dec(5, -1, 'DecimalSI')],
    ['0.5e0', dec(5, -1, 'DecimalExponent')],
    ['0.5e-1', dec(5, -2, 'DecimalExponent')],
    ['0.5e-2', dec(5, -3, 'DecimalExponent')],
    ['10.035M', dec(10035, 3, 'DecimalSI')],
    ['1.2e3', dec(12, 2, 'DecimalExponent')],
    ['1.3E+6', dec(13, 5, 'DecimalExponent')],
    ['1.40e9', dec(14, 8, 'DecimalExponent')],
    ['1.53E12', dec(153, 10, 'DecimalExponent')],
    ['1.6e15', dec(16, 14, 'DecimalExponent')],
    ['1.7E18', dec(17, 17, 'DecimalExponent')],
    ['9.01', dec(901, -2, 'DecimalSI')],
    ['8.1k', dec(81, 2, 'DecimalSI')],
    ['7.123456M', dec(7123456, 0, 'DecimalSI')],
    ['6.987654321G', dec(6987654321, 0, 'DecimalSI')],
    ['5.444T', dec(5444, 9, 'DecimalSI')],
    ['40.1T', dec(401, 11, 'DecimalSI')],
    ['300.2T', dec(3002, 11, 'DecimalSI')],
    ['2.5P', dec(25, 14, 'DecimalSI')],
    ['1.01E', dec(101, 16, 'DecimalSI')],
    // Things that saturate/round
    ['3.001n', dec(4, -9, 'DecimalSI')],
    ['1.1E-9', dec(2, -9, 'DecimalExponent')],
    ['0.0000000001', dec(1, -9, 'DecimalSI')],
    ['0.0000000005', dec(1, -9, 'DecimalSI')],
    ['0.00000000050', dec(1, -9, 'DecimalSI')],
    ['0.5e-9', dec(1, -9, 'DecimalExponent')],
    ['0.9n', dec(1, -9, 'DecimalSI')],
    ['0.00000012345', dec(124, -9, 'DecimalSI')],
    ['0.00000012354', dec(124, -9, 'DecimalSI')],
    ['9Ei', MAX_ALLOWED],
    ['9223372036854775807Ki', MAX_ALLOWED],
    ['12E', dec(12, 18, 'DecimalSI')],
    // We'll accept fractional binary stuff, too.
    ['100.035Ki', dec(10243584, -2, 'BinarySI')],
    ['0.5Mi', dec(0.5 * 1024 * 1024, 0, 'BinarySI')],
    ['0.05Gi', dec(536870912, -1, 'BinarySI')],
    ['0.025Ti', dec(274877906944, -1, 'BinarySI')],
    // Things written by trolls
    ['0.000000000001Ki', dec(2, -9, 'DecimalSI')],
    ['.001', dec(1, -3, 'DecimalSI')],
    ['.0001k', dec(100, -3, 'DecimalSI')],
    ['1.', dec(1, 0, 'DecimalSI')],
    ['1.G', dec(1, 9, 'DecimalSI')],
  ];

  it.each(table)('parses %s to its exact amount and format', (input, expected) => {
    expect(amount(parseQuantity(input))).toEqual(amount(expected));
  });

  it.each(table)('parses -%s to the negated amount in the same format', (input, expected) => {
    expect(amount(parseQuantity(`-${input}`))).toEqual(amount({ ...expected, unscaled: -expected.unscaled }));
  });

  it.each(table)('parses +%s as %s', (input, expected) => {
    expect(amount(parseQuantity(`+${input}`))).toEqual(amount(expected));
  });

  it('refuses what upstream refuses, with its messages', () => {
    const formatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    const suffixWrong = "unable to parse quantity's suffix";
    const invalid: [string, string][] = [
      ['', formatWrong],
      ['1.1.M', formatWrong],
      ['1+1.0M', formatWrong],
      ['0.1mi', suffixWrong],
      ['0.1am', formatWrong],
      ['aoeu', formatWrong],
      ['.5i', suffixWrong],
      ['1i', suffixWrong],
      ['-3.01i', suffixWrong],
      ['-3.01e-', suffixWrong],
      // trailing whitespace is forbidden
      [' 1', formatWrong],
      ['1 ', formatWrong],
    ];
    for (const [input, message] of invalid) {
      expect(() => parseQuantity(input), input).toThrow(new QuantityError(message));
    }
  });
});

describe('quantityString (TestQuantityString)', () => {
  // [quantity, canonical text, another text of the same amount that must print the same]
  const table: [Quantity, string, string][] = [
    [dec(1024 * 1024 * 1024, 0, 'BinarySI'), '1Gi', '1024Mi'],
    [dec(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
    [dec(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
    [dec(1001 * 1024 * 1024 * 1024, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
    [dec(1024 ** 4, 0, 'BinarySI'), '1Ti', '1024Gi'],
    [dec(5, 0, 'BinarySI'), '5', '5000m'],
    [dec(500, -3, 'BinarySI'), '500m', '0.5'],
    [dec(1, 9, 'DecimalSI'), '1G', '1000M'],
    [dec(1000, 6, 'DecimalSI'), '1G', '0.001T'],
    [dec(1000000, 3, 'DecimalSI'), '1G', ''],
    [dec(1000000000, 0, 'DecimalSI'), '1G', ''],
    [dec(1, -3, 'DecimalSI'), '1m', '1000u'],
    [dec(80, -3, 'DecimalSI'), '80m', ''],
    [dec(1080, -3, 'DecimalSI'), '1080m', '1.08'],
    [dec(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
    [dec(10800, -4, 'DecimalSI'), '1080m', ''],
    [dec(300, 6, 'DecimalSI'), '300M', ''],
    [dec(1, 12, 'DecimalSI'), '1T', ''],
    [dec(1, 18, 'DecimalSI'), '1E', ''],
    [dec(1, 21, 'DecimalSI'), '1e21', '1000E'],
    [dec(5, 21, 'DecimalSI'), '5e21', '5000E'],
    [dec(1, 24, 'DecimalSI'), '1e24', '1000000E'],
    [dec(1234567, 6, 'DecimalSI'), '1234567M', ''],
    [dec(1234567, -3, 'BinarySI'), '1234567m', ''],
    [dec(3, 3, 'DecimalSI'), '3k', ''],
    [dec(1025, 0, 'BinarySI'), '1025', ''],
    [dec(0, 0, 'DecimalSI'), '0', ''],
    [dec(0, 0, 'BinarySI'), '0', ''],
    [dec(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
    [dec(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
    [dec(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
    [dec(80, -3, 'DecimalExponent'), '80e-3', ''],
    [dec(300, 6, 'DecimalExponent'), '300e6', ''],
    [dec(1, 12, 'DecimalExponent'), '1e12', ''],
    [dec(1, 3, 'DecimalExponent'), '1e3', ''],
    [dec(3, 3, 'DecimalExponent'), '3e3', ''],
    [dec(0, 0, 'DecimalExponent'), '0', '00'],
    [dec(1, -9, 'DecimalSI'), '1n', ''],
    [dec(80, -9, 'DecimalSI'), '80n', ''],
    [dec(1080, -9, 'DecimalSI'), '1080n', ''],
    [dec(108, -8, 'DecimalSI'), '1080n', ''],
    [dec(10800, -10, 'DecimalSI'), '1080n', ''],
    [dec(1, -6, 'DecimalSI'), '1u', ''],
    [dec(80, -6, 'DecimalSI'), '80u', ''],
    [dec(1080, -6, 'DecimalSI'), '1080u', ''],
  ];

  it.each(table)('prints %o as %s', (q, expected) => {
    expect(quantityString(q)).toBe(expected);
    expect(canonicalQuantity(expected)).toBe(expected);
  });

  it.each(table.filter(([, , alternate]) => alternate !== ''))('prints %o written "%s" the same when written "%s"', (_q, expected, alternate) => {
    expect(canonicalQuantity(alternate)).toBe(expected);
  });

  it.each(table.filter(([q]) => q.unscaled !== 0n))('prints the negated %o as "-%s"', (q, expected) => {
    expect(quantityString({ ...q, unscaled: -q.unscaled })).toBe(`-${expected}`);
  });
});

describe('canonicalQuantity (TestQuantityParseEmit)', () => {
  const table: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
  ];
  it.each(table)('emits %s as %s, and its negation with a minus', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
    expect(canonicalQuantity(`-${input}`)).toBe(`-${expected}`);
  });

  it('returns text that is not a quantity as it is, and 0 for none', () => {
    expect([canonicalQuantity('12x'), canonicalQuantity(undefined), canonicalQuantity(null)]).toEqual(['12x', '0', '0']);
  });
});

describe('newQuantity and newMilliQuantity (TestNewSet, TestMilliNewSet)', () => {
  it('prints amounts in thousandths', () => {
    const table: [number, QuantityFormat, string][] = [
      [1, 'DecimalSI', '1m'],
      [1000, 'DecimalSI', '1'],
      [1234000, 'DecimalSI', '1234'],
      [1024, 'BinarySI', '1024m'],
      [1000000, 'DecimalExponent', '1e3'],
      [1024 * 1024, 'BinarySI', '1048576m'],
    ];
    expect(table.map(([milli, format]) => quantityString(newMilliQuantity(milli, format)))).toEqual(table.map(([, , text]) => text));
  });

  it('prints whole amounts and reads them back with Value()', () => {
    const table: [number, QuantityFormat, string][] = [
      [1, 'DecimalSI', '1'],
      [1000, 'DecimalSI', '1k'],
      [1234000, 'DecimalSI', '1234k'],
      [1024, 'BinarySI', '1Ki'],
      [1000000, 'DecimalExponent', '1e6'],
      [1024 * 1024, 'BinarySI', '1Mi'],
    ];
    expect(table.map(([n, format]) => quantityString(newQuantity(n, format)))).toEqual(table.map(([, , text]) => text));
    expect(table.map(([, , text]) => quantityValue(text))).toEqual(table.map(([n]) => n));
  });
});

describe('reading quantities as numbers', () => {
  // MilliValue() and Value() round up (ScaledValue with inf.RoundUp); the amounts are the arithmetic of each text.
  it('reads CPU in millicores and memory in bytes, rounding up, 0 when absent', () => {
    expect(['250m', '2', '0.1', '1500000u', '100n', 2, undefined].map(quantityMilliValue)).toEqual([250, 2000, 100, 1500, 1, 2000, 0]);
    expect(['512Mi', '1.5Gi', '7220172Ki', '1e3', '128M', '0.5', undefined].map(quantityValue)).toEqual([536_870_912, 1_610_612_736, 7_393_456_128, 1000, 128_000_000, 1, 0]);
  });

  it('throws the API server message for a malformed quantity in an object', () => {
    expect(() => quantityMilliValue('12x')).toThrow("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(() => quantityValue('1e3Mi')).toThrow(QuantityError);
  });

  it('reads a quantity as a float, undefined when absent or malformed', () => {
    expect(['250m', '3', '1.5', '1e3', '100n', '256Mi', '2Gi', '128974848', '1k'].map(approximateFloat)).toEqual([0.25, 3, 1.5, 1000, 1e-7, 268435456, 2147483648, 128974848, 1000]);
    expect([approximateFloat('abc'), approximateFloat('1Mb'), approximateFloat(undefined), approximateFloat('')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('formats CPU cores and memory bytes as the API server prints quantities', () => {
    expect([formatCpu(0.25), formatCpu(2), formatCpu(1.93)]).toEqual(['250m', '2', '1930m']);
    // Under 1024 a binary quantity prints in decimal: NewQuantity(1000, BinarySI) is "1k".
    expect([formatMemory(268435456), formatMemory(2147483648), formatMemory(1610612736), formatMemory(1000), formatMemory(0)]).toEqual(['256Mi', '2Gi', '1536Mi', '1k', '0']);
  });
});
