import { describe, expect, it } from 'vitest';
import { readCookie, readCookies } from './cookies';

const withCookie = (cookie: string) => new Request('http://console.test/', { headers: { cookie } });

describe('reading cookies', () => {
  it('leaves out values that are not percent-encoding and keeps the others in order', () => {
    // "%", "%zz" and "%E0%A4%A" (a cut escape) make decodeURIComponent throw URIError.
    const request = withCookie('=; ;;; watchdeck_session; =%%; watchdeck_session=%; watchdeck_session=%zz; watchdeck_session=a%20b; other=%E0%A4%A; watchdeck_session=c');
    expect(readCookies(request, 'watchdeck_session')).toEqual(['a b', 'c']);
    expect(readCookie(request, 'watchdeck_session')).toBe('a b');
    expect(readCookies(request, 'other')).toEqual([]);
    expect(readCookie(request, 'other')).toBeUndefined();
  });

  it('decodes UTF-8 escapes and keeps an empty value', () => {
    expect(readCookies(withCookie('n=%ED%95%9C; n='), 'n')).toEqual(['한', '']);
    expect(readCookies(new Request('http://console.test/'), 'n')).toEqual([]);
  });
});
