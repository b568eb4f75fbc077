import { describe, expect, it } from 'vitest';
import { fallbackNamespace, initialNamespace, readLastNamespace, writeLastNamespace } from './initial-namespace';

describe('initialNamespace', () => {
  it("opens on the context's namespace when it is offered, else default, else the first offered", () => {
    expect(initialNamespace(['default', 'eks-work'], 'eks-work')).toBe('eks-work');
    expect(initialNamespace(['default', 'eks-work'], 'payments')).toBe('default');
    expect(initialNamespace(['default', 'eks-work'], undefined)).toBe('default');
    expect(initialNamespace(['rbac-test-ns'], 'eks-work')).toBe('rbac-test-ns');
    expect(initialNamespace([], 'eks-work')).toBeUndefined();
  });

  it('opens a reader of the whole cluster where its problems are, before the context or default', () => {
    expect(initialNamespace(['default', 'eks-work', 'rbac-test-ns'], 'default', 'eks-work')).toBe('eks-work');
    expect(initialNamespace(['default', 'eks-work'], 'rbac-test-ns', 'eks-work')).toBe('eks-work');
    // No problem anywhere, or a namespace no longer offered: kubectl's choice as before.
    expect(initialNamespace(['default', 'eks-work'], 'eks-work', null)).toBe('eks-work');
    expect(initialNamespace(['default', 'eks-work'], undefined, 'gone')).toBe('default');
  });
});

describe('fallbackNamespace', () => {
  it("opens an unreachable cluster on the namespace last used there, else the context's, else default", () => {
    expect(fallbackNamespace('payments', 'eks-work')).toBe('payments');
    expect(fallbackNamespace(null, 'eks-work')).toBe('eks-work');
    expect(fallbackNamespace(null, undefined)).toBe('default');
    expect(fallbackNamespace('', undefined)).toBe('default');
  });

  it('remembers the last namespace per cluster, and reads nothing from storage that throws', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value) };
    writeLastNamespace(storage, 'gone', 'payments');
    expect(readLastNamespace(storage, 'gone')).toBe('payments');
    expect(readLastNamespace(storage, 'eks-work-cluster')).toBeNull();
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readLastNamespace(refusing, 'gone')).toBeNull();
  });
});
