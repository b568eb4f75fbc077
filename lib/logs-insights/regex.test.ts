import { describe, expect, it } from 'vitest';
import { insightsRegex, linearRegex, RegexRefused } from './regex';

function refusal(f: () => unknown): { message: string; offset: number; length: number } {
  try {
    f();
  } catch (e) {
    if (e instanceof RegexRefused) return { message: e.message, offset: e.offset, length: e.length };
    throw e;
  }
  throw new Error('not refused');
}

describe('linearRegex', () => {
  // The examples of CloudWatch Logs' "Supported regular expressions (regex) syntax" page, with the matches it gives.
  it.each([
    ['^[hc]at', 'hat', true],
    ['^[hc]at', 'cat', true],
    ['^[hc]at', 'a cat', false],
    ['[hc]at$', 'the hat', true],
    ['[hc]at$', 'hats', false],
    ['colou?r', 'color', true],
    ['colou?r', 'colour', true],
    ['[abcx-z]', 'y', true],
    ['[abcx-z]', 'd', false],
    ['a{3,5}', 'aaa', true],
    ['a{3,5}', 'aa', false],
    ['\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}', 'from 10.0.12.7 port 80', true],
    ['\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}', 'from 10.0.12 port 80', false],
    ['[Ee]rror|[Ff]ail', 'Fail to connect', true],
    ['[Ee]rror|[Ff]ail', 'ERROR', false],
    ['AUTHORIZED', '[ERROR 401] UNAUTHORIZED REQUEST', true],
  ])('the documented %j on %j → %s', (pattern, text, expected) => {
    expect(linearRegex(pattern).test(text)).toBe(expected);
  });

  it('runs ordinary patterns on V8 and the ones past its linear engine (counted repeats above 16) on RE2', () => {
    expect(linearRegex('(\\d+)ms$').engine).toBe('v8');
    expect(linearRegex('^a(.*?)b(.*?)c', 's').engine).toBe('v8');
    expect(linearRegex('[0-9a-f]{32}').engine).toBe('re2');
    expect(linearRegex('^(.?){21}.{21}Z').engine).toBe('re2');
  });

  it('keeps JavaScript meanings on RE2: . stops at \\r, \\s takes a no-break space, \\u escapes', () => {
    // ECMAScript: . excludes the line terminators \n \r \u2028 \u2029; \s includes U+00A0.
    expect(linearRegex('^a.{17}b$').test(`a\r${'x'.repeat(16)}b`)).toBe(false);
    expect(linearRegex('^a.{17}b$').test(`a${'x'.repeat(17)}b`)).toBe(true);
    expect(linearRegex('^a\\s{17}b$').test(`a\u00a0${' '.repeat(16)}b`)).toBe(true);
    expect(linearRegex('^\\u0041{17}$').test('A'.repeat(17))).toBe(true);
    expect(linearRegex('^a.{17}b$', 's').test(`a\r${'x'.repeat(16)}b`)).toBe(true);
  });

  it("spells case-insensitive ASCII patterns out for V8, with JavaScript's meaning of i", () => {
    const re = linearRegex('error [a-c]x', 'i');
    expect(re.engine).toBe('v8');
    expect(['ERROR BX', 'Error ax', 'error dx'].map((s) => re.test(s))).toEqual([true, true, false]);
    // ECMAScript's case-insensitive classes: /[^a-z]/i refuses 'A' as well as 'a'.
    expect(['A', 'a', '1'].map((s) => linearRegex('^[^a-z]$', 'i').test(s))).toEqual([false, false, true]);
    // Non-ASCII letters go to RE2, which folds case itself.
    const accented = linearRegex('café', 'i');
    expect(accented.engine).toBe('re2');
    expect(accented.test('CAFÉ')).toBe(true);
  });

  it('gives the same groups on both engines', () => {
    const text = 'GET /api/regions 200 12ms';
    const v8 = linearRegex('^(?<method>[A-Z]+) (\\S+) (?<status>\\d{3})');
    const re2 = linearRegex('^(?<method>[A-Z]+) (\\S+) (?<status>\\d{3})(?:.{0,17})');
    expect([v8.engine, re2.engine]).toEqual(['v8', 're2']);
    for (const re of [v8, re2]) {
      const m = re.exec(text)!;
      expect([m[1], m[2], m[3], m.index, m.groups?.method, m.groups?.status]).toEqual(['GET', '/api/regions', '200', 0, 'GET', '200']);
    }
  });

  it('matches patterns that backtrack exponentially in time linear in the text', () => {
    // ^(.?){21}.{21}Z matches a Z at offset 21 to 42; irregexp alone takes seconds per line of 40 characters.
    const hostile = linearRegex('^(.?){21}.{21}Z');
    expect([hostile.test(`${'a'.repeat(42)}Z`), hostile.test(`${'a'.repeat(20)}Z`), hostile.test(`${'a'.repeat(43)}Z`)]).toEqual([true, false, false]);
    const nested = linearRegex('^(a+)+$');
    expect(nested.engine).toBe('v8');
    const started = performance.now();
    for (let i = 0; i < 200; i++) {
      expect(hostile.test('a'.repeat(1000 + i))).toBe(false);
      expect(nested.test(`${'a'.repeat(40 + i)}!`)).toBe(false);
    }
    // Backtracking would need 2^40 steps for the first line alone; linear matching takes milliseconds in all.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses backreferences and lookaround where they are, as RE2 does', () => {
    expect(refusal(() => linearRegex('(a)x\\1'))).toEqual({ message: 'backreferences such as \\1 are not supported: they cannot be matched in linear time', offset: 4, length: 2 });
    expect(refusal(() => linearRegex('(?<x>a)\\k<x>'))).toEqual({ message: 'backreferences such as \\k<name> are not supported: they cannot be matched in linear time', offset: 7, length: 5 });
    expect(refusal(() => linearRegex('a(?=b)'))).toEqual({ message: 'lookaround ((?=…) is not supported: it cannot be matched in linear time', offset: 1, length: 3 });
    expect(refusal(() => linearRegex('a(?<!b)'))).toMatchObject({ offset: 1, length: 4 });
    // In a class these are plain characters, \1 the legacy octal escape of U+0001 (ECMAScript Annex B).
    expect(['=', '\u0001', '1'].map((s) => linearRegex('^[(?=\\1]$').test(s))).toEqual([true, true, false]);
    expect(refusal(() => linearRegex('a{2,1}'))).toEqual({ message: 'numbers out of order in {} quantifier', offset: 0, length: 6 });
  });
});

describe('insightsRegex', () => {
  it('applies (?i), (?s) and (?m) written anywhere to the whole pattern', () => {
    expect(insightsRegex('err(?i)or').test('ERROR')).toBe(true);
    expect(insightsRegex('(?i)(Exception|error|fail)').test('FAILED')).toBe(true);
    expect(insightsRegex('(?s)a.b').test('a\nb')).toBe(true);
    expect(insightsRegex('a.b').test('a\nb')).toBe(false);
    expect(insightsRegex('^b(?m)').test('a\nb')).toBe(true);
  });

  it('says where a refused part is in the pattern as written', () => {
    expect(refusal(() => insightsRegex('(?i)a(?!b)'))).toMatchObject({ offset: 5, length: 3 });
  });
});
