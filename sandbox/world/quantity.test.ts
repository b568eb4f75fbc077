import { describe, expect, it } from 'vitest';
import { bytes, formatCpu, milliCpu, parseQuantity } from './quantity';

describe('quantities', () => {
  it('parses decimal, binary and exponent forms', () => {
    expect(milliCpu('250m')).toBe(250);
    expect(milliCpu('2')).toBe(2000);
    expect(milliCpu('0.1')).toBe(100);
    expect(milliCpu('1500000u')).toBe(1500);
    expect(bytes('512Mi')).toBe(536_870_912);
    expect(bytes('1.5Gi')).toBe(1_610_612_736);
    expect(bytes('7220172Ki')).toBe(7_393_456_128);
    expect(bytes('1e3')).toBe(1000);
    expect(bytes('128M')).toBe(128_000_000);
    expect(parseQuantity(undefined)).toBe(0);
  });

  it('rounds up to whole units as Quantity.MilliValue and Value do', () => {
    expect(milliCpu('100n')).toBe(1);
    expect(bytes('0.5')).toBe(1);
  });

  it('rejects what the API server rejects', () => {
    expect(() => parseQuantity('12x')).toThrow("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(() => parseQuantity('1e3Mi')).toThrow();
  });

  it('prints CPU as the API server does', () => {
    expect(formatCpu(1930)).toBe('1930m');
    expect(formatCpu(2000)).toBe('2');
  });
});
