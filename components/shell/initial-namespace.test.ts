import { describe, expect, it } from 'vitest';
import { initialNamespace } from './initial-namespace';

describe('initialNamespace', () => {
  it("opens on the context's namespace when it is offered, else default, else the first offered", () => {
    expect(initialNamespace(['default', 'eks-work'], 'eks-work')).toBe('eks-work');
    expect(initialNamespace(['default', 'eks-work'], 'payments')).toBe('default');
    expect(initialNamespace(['default', 'eks-work'], undefined)).toBe('default');
    expect(initialNamespace(['rbac-test-ns'], 'eks-work')).toBe('rbac-test-ns');
    expect(initialNamespace([], 'eks-work')).toBeUndefined();
  });
});
