import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locale';

describe('negotiateLocale', () => {
  it('a Korean browser gets Korean', () => {
    // Chrome's header for a ko-KR system (navigator.languages ['ko-KR', 'ko', 'en-US', 'en']).
    expect(negotiateLocale(undefined, 'ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ko');
  });

  it('an English browser gets English', () => {
    expect(negotiateLocale(undefined, 'en-US,en;q=0.9')).toBe('en');
  });

  it('a browser asking for neither language gets English', () => {
    expect(negotiateLocale(undefined, 'fr-FR,fr;q=0.9,de;q=0.8')).toBe('en');
    expect(negotiateLocale(undefined, '*')).toBe('en');
  });

  it('no header at all gets English', () => {
    expect(negotiateLocale(undefined, undefined)).toBe('en');
    expect(negotiateLocale(undefined, '')).toBe('en');
  });

  it('the first language we have wins, in the browser order', () => {
    expect(negotiateLocale(undefined, 'ja-JP,ko;q=0.8,en;q=0.5')).toBe('ko');
    expect(negotiateLocale(undefined, 'ja-JP,en;q=0.8,ko;q=0.5')).toBe('en');
  });

  it('weights decide over the order they are written in', () => {
    expect(negotiateLocale(undefined, 'en;q=0.3, ko;q=0.9')).toBe('ko');
  });

  it('q=0 refuses a language', () => {
    expect(negotiateLocale(undefined, 'ko;q=0, en;q=0.5')).toBe('en');
  });

  it('tags are case-insensitive', () => {
    expect(negotiateLocale(undefined, 'KO-kr')).toBe('ko');
  });

  it('the cookie overrides the browser', () => {
    expect(negotiateLocale('en', 'ko-KR,ko;q=0.9')).toBe('en');
    expect(negotiateLocale('ko', 'en-US')).toBe('ko');
  });

  it('a cookie naming a language we do not have is ignored', () => {
    expect(negotiateLocale('fr', 'ko-KR')).toBe('ko');
    expect(negotiateLocale('../../etc/passwd', 'en-US')).toBe('en');
  });
});
