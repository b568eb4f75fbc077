/** How long a fetched key set stays fresh, read from its response headers as a shared HTTP cache reads them (RFC 7234), which is how go-oidc keeps its keys. */
import { describe, expect, it } from 'vitest';
import { freshUntil } from './jwks';

const NOW = Date.parse('2026-12-06T10:00:00Z');

describe('freshUntil', () => {
  it('is now when the response says nothing: go-oidc then treats the keys as expired at once', () => {
    expect(freshUntil({}, NOW)).toBe(NOW);
  });

  it('adds max-age seconds, s-maxage first, as a shared cache reads them', () => {
    expect(freshUntil({ 'cache-control': 'public, max-age=300' }, NOW)).toBe(NOW + 300_000);
    expect(freshUntil({ 'cache-control': 'max-age=300, s-maxage=60' }, NOW)).toBe(NOW + 60_000);
  });

  it('falls back to Expires, and ignores one in the past', () => {
    expect(freshUntil({ expires: 'Sun, 06 Dec 2026 10:05:00 GMT' }, NOW)).toBe(NOW + 300_000);
    expect(freshUntil({ expires: 'Sun, 06 Dec 2026 09:00:00 GMT' }, NOW)).toBe(NOW);
  });

  it('is now for no-store, no-cache and private, whatever max-age says', () => {
    for (const directive of ['no-store', 'no-cache', 'private']) expect(freshUntil({ 'cache-control': `${directive}, max-age=300` }, NOW)).toBe(NOW);
  });
});
