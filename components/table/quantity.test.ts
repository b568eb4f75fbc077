import { describe, expect, it } from 'vitest';
import { formatBytes } from './quantity';

describe('formatBytes', () => {
  it('writes memory in the largest binary unit, one decimal below ten', () => {
    expect(formatBytes(268435456)).toBe('256Mi');
    expect(formatBytes(1610612736)).toBe('1.5Gi');
    expect(formatBytes(7_900_000_000)).toBe('7.4Gi');
    expect(formatBytes(512)).toBe('512');
  });
});
