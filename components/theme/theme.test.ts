import { describe, expect, it } from 'vitest';
import { themeAttribute, themeChoiceOf, themeCookie } from './theme';

describe('theme choice', () => {
  it('a cookie of light or dark is that choice; none, an empty one or another value follows the system', () => {
    expect(themeChoiceOf('light')).toBe('light');
    expect(themeChoiceOf('dark')).toBe('dark');
    expect(themeChoiceOf(undefined)).toBe('system');
    expect(themeChoiceOf('')).toBe('system');
    expect(themeChoiceOf('Dark')).toBe('system');
    expect(themeChoiceOf('"><script>')).toBe('system');
  });

  it('only a chosen light or dark sets data-theme on <html>', () => {
    expect(themeAttribute('system')).toBeUndefined();
    expect(themeAttribute('light')).toBe('light');
    expect(themeAttribute('dark')).toBe('dark');
  });

  it('the cookie lasts a year on every path, sent on top-level navigation, and Secure only on https', () => {
    expect(themeCookie('dark', false)).toBe('watchdeck-theme=dark; Path=/; Max-Age=31536000; SameSite=Lax');
    expect(themeCookie('system', true)).toBe('watchdeck-theme=system; Path=/; Max-Age=31536000; SameSite=Lax; Secure');
  });
});
