import { describe, expect, it } from 'vitest';
import { cellText, compareCells } from './cells';

describe('table cells', () => {
  // k8s.io/cli-runtime/pkg/printers/tableprinter.go printTable: `if cell != nil { … fmt.Fprint(output, val) }`, so a nil cell prints nothing.
  it('prints none as kubectl does, as nothing, the server\'s own "<none>" as it is, and other values as text', () => {
    expect([cellText(null), cellText('<none>'), cellText(3), cellText(false), cellText('10.0.0.1')]).toEqual(['', '<none>', '3', 'false', '10.0.0.1']);
  });

  it('sorts numbers by value, names in natural order, and none last', () => {
    expect([10, 2, null, 33].sort(compareCells)).toEqual([2, 10, 33, null]);
    expect(['pod-10', 'pod-2', 'pod-1'].sort(compareCells)).toEqual(['pod-1', 'pod-2', 'pod-10']);
  });
});
