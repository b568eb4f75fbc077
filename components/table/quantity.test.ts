import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, quantityValue } from './quantity';

describe('quantities', () => {
  it('reads CPU and memory quantities in base units', () => {
    expect(quantityValue('250m')).toBe(0.25);
    expect(quantityValue('2')).toBe(2);
    expect(quantityValue('512Mi')).toBe(536870912);
    expect(quantityValue('1.5Gi')).toBe(1610612736);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue(undefined)).toBeUndefined();
    expect(quantityValue('lots')).toBeUndefined();
  });

  it('writes CPU as the API server does and memory in binary units', () => {
    expect(formatCores(1.93)).toBe('1930m');
    expect(formatCores(2)).toBe('2');
    expect(formatBytes(268435456)).toBe('256Mi');
    expect(formatBytes(1610612736)).toBe('1.5Gi');
    expect(formatBytes(7_900_000_000)).toBe('7.4Gi');
  });
});
