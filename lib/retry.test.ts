import { describe, expect, it } from 'vitest';
import { isTransient, READ_BACKOFF, retryDelayMs } from './retry';

describe('retryDelayMs', () => {
  it('doubles from 1 s and stops growing at 30 s, each delay between half and all of its ceiling', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    // Ceilings 1, 2, 4, 8, 16, 30 (capped), 30 s.
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, {}, READ_BACKOFF, low))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, {}, READ_BACKOFF, high))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('never asks sooner than Retry-After, and waits for the backoff when it is longer', () => {
    expect(retryDelayMs(0, { retryAfterSeconds: 7 }, READ_BACKOFF, () => 0)).toBe(7000);
    expect(retryDelayMs(5, { retryAfterSeconds: 1 }, READ_BACKOFF, () => 0)).toBe(15000);
  });

  it('ignores a Retry-After that is not a positive number and bounds a huge one to 10 minutes', () => {
    expect(retryDelayMs(0, { retryAfterSeconds: -3 }, READ_BACKOFF, () => 0)).toBe(500);
    expect(retryDelayMs(0, { retryAfterSeconds: Number.NaN }, READ_BACKOFF, () => 0)).toBe(500);
    expect(retryDelayMs(0, { retryAfterSeconds: 1e9 }, READ_BACKOFF, () => 0)).toBe(600_000);
  });

  it('does not overflow for a very large attempt count', () => {
    expect(retryDelayMs(10_000, {}, READ_BACKOFF, () => 0)).toBe(15000);
  });
});

describe('isTransient', () => {
  it('retries failures to reach or hear from the cluster, AWS or the console', () => {
    for (const kind of ['ConsoleUnreachable', 'ClusterUnreachable', 'ClusterTimeout', 'TLSError', 'Throttled', 'AwsUnreachable', 'Unavailable']) {
      expect(isTransient({ kind }), kind).toBe(true);
    }
  });

  it("retries the API server's own 5xx and 429, not its 4xx refusals", () => {
    expect(isTransient({ kind: 'Status', status: { code: 503 } })).toBe(true);
    expect(isTransient({ kind: 'Status', status: { code: 429 } })).toBe(true);
    expect(isTransient({ kind: 'Status', status: { code: 403 } })).toBe(false);
    expect(isTransient({ kind: 'Status', status: { code: 404 } })).toBe(false);
  });

  it('does not retry what only a person can change', () => {
    for (const kind of ['Unauthorized', 'SessionExpired', 'SignInRequired', 'BadRequest', 'NotFound', 'KubeconfigInvalid', 'Forbidden']) {
      expect(isTransient({ kind }), kind).toBe(false);
    }
  });
});
