import { describe, expect, it } from 'vitest';
import { ApiError, pollUnlessRefused } from './client';

describe('pollUnlessRefused', () => {
  const interval = pollUnlessRefused(10_000);
  const after = (error: unknown) => interval({ state: { error } });

  it('keeps polling after success and after failures that may pass', () => {
    expect(after(null)).toBe(10_000);
    expect(after(new ApiError({ kind: 'ClusterUnreachable', message: 'down' }, 502))).toBe(10_000);
    expect(after(new ApiError({ kind: 'ConsoleUnreachable', message: 'offline' }, 0))).toBe(10_000);
  });

  it('stops once the caller is refused or signed out', () => {
    expect(after(new ApiError({ kind: 'Status', message: 'pods is forbidden' }, 403))).toBe(false);
    expect(after(new ApiError({ kind: 'SignInRequired', message: 'sign in to continue' }, 401))).toBe(false);
  });
});
