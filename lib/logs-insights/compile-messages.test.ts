import { describe, expect, it } from 'vitest';
import { COMPILE_CASES as CASES } from './compile-cases';
import { COMPILE_MESSAGES } from './compile-messages';
import { validateQuery } from './validate';

/** The first problem of `text`, error or warning, as the editor gets it. */
function problem(text: string) {
  const result = validateQuery(text);
  return result.ok ? result.warnings[0] : result.error;
}

describe('compile problems carry a code and the values their message names', () => {
  it.each(CASES)('%j is %s', (text, code, params) => {
    const found = problem(text);
    expect(found.code).toBe(code);
    expect(found.params).toEqual(params);
    expect(found.message).toBe(COMPILE_MESSAGES[code](params));
  });

  it('a pattern the engine refuses keeps the engine’s words as its detail', () => {
    const found = problem('filter a like /(/');
    expect(found.code).toBe('regexInvalid');
    expect(found.params.regex).toBe('(');
    expect(found.message).toBe(`Invalid regular expression /(/: ${found.params.detail}`);
    expect(String(found.params.detail)).toMatch(/\S/);
  });

  it('every code but the service’s own words is reached by a query above', () => {
    const reached = new Set<string>([...CASES.map(([, code]) => code), 'regexInvalid', 'service']);
    expect(Object.keys(COMPILE_MESSAGES).filter((code) => !reached.has(code))).toEqual([]);
  });

  it('writes English as the service-facing side always has', () => {
    expect(COMPILE_MESSAGES.expectedAsNames({ count: 1 })).toBe("Expected 'as' and 1 field name but found end of query");
    expect(COMPILE_MESSAGES.argumentsAtLeast({ name: 'concat', min: 1, given: 0 })).toBe("Function 'concat' takes at least 1 argument but was given 0");
    expect(COMPILE_MESSAGES.parseNameCount({ stars: 3, names: 2 })).toBe("The parse pattern has 3 '*' but 2 field names follow 'as'");
  });
});
