import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, parseQuantity } from './quantity';

describe('quantities', () => {
  it('parses CPU in millicores, cores and exponents', () => {
    expect([parseQuantity('250m'), parseQuantity('3'), parseQuantity('1.5'), parseQuantity('1e3'), parseQuantity('100n')]).toEqual([0.25, 3, 1.5, 1000, 1e-7]);
  });
  it('parses memory in binary and decimal units', () => {
    expect([parseQuantity('256Mi'), parseQuantity('2Gi'), parseQuantity('128974848'), parseQuantity('1k'), parseQuantity('1M')]).toEqual([268435456, 2147483648, 128974848, 1000, 1e6]);
  });
  it('gives undefined for text that is not a quantity', () => {
    expect([parseQuantity('abc'), parseQuantity('1Mb'), parseQuantity(undefined), parseQuantity('')]).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('formats CPU and memory as kubectl describe does', () => {
    expect([formatCpu(0.25), formatCpu(2), formatCpu(1.93)]).toEqual(['250m', '2', '1930m']);
    expect([formatMemory(268435456), formatMemory(2147483648), formatMemory(1610612736), formatMemory(1000), formatMemory(0)]).toEqual(['256Mi', '2Gi', '1536Mi', '1000', '0']);
  });
});
