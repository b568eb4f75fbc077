/**
 * Cases ported from kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/fields/selector_test.go
 * (the field selector kube-apiserver parses). Each describe names the upstream function whose
 * table it carries. splitTerms/splitTerm are private upstream and here; their rows are checked
 * through parseFieldSelector, which upstream's parseSelector builds on (empty terms are skipped).
 */
import { describe, expect, it } from 'vitest';
import { FieldSelectorError, escapeFieldValue, fieldSelectorString, matchesFields, parseFieldSelector } from './field-selector';

function parseError(text: string): unknown {
  try {
    parseFieldSelector(text);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('fields selector_test.go TestSplitTerms', () => {
  const cases: [string, [string, string][]][] = [
    ['a=avalue', [['a', 'avalue']]],
    [
      'a=avalue,b=bvalue',
      [
        ['a', 'avalue'],
        ['b', 'bvalue'],
      ],
    ],
    [
      'a=avalue,b==bvalue,c!=cvalue',
      [
        ['a', 'avalue'],
        ['b', 'bvalue'],
        ['c', 'cvalue'],
      ],
    ],
    ['', []],
    ['a=a,', [['a', 'a']]],
    [',a=a', [['a', 'a']]],
    // parseSelector sorts the raw terms, and 'k2=v2' sorts before 'k=\,' ('2' < '=').
    [
      'k=\\,,k2=v2',
      [
        ['k2', 'v2'],
        ['k', ','],
      ],
    ],
    [
      'k=\\\\,k2=v2',
      [
        ['k2', 'v2'],
        ['k', '\\'],
      ],
    ],
    [
      'k=\\\\\\,,k2=v2',
      [
        ['k2', 'v2'],
        ['k', '\\,'],
      ],
    ],
    [
      '함=수,목=록',
      [
        ['목', '록'],
        ['함', '수'],
      ],
    ],
  ];
  it.each(cases)('%j splits into the terms %j', (text, terms) => {
    expect(parseFieldSelector(text).map((r) => [r.field, r.value])).toEqual(terms);
  });
});

describe('fields selector_test.go TestSplitTerm', () => {
  const cases: [string, string, string, string][] = [
    ['a=value', 'a', '=', 'value'],
    ['b==value', 'b', '==', 'value'],
    ['c!=value', 'c', '!=', 'value'],
    ['k=\\,', 'k', '=', ','],
    ['k=\\=', 'k', '=', '='],
    ['함=수', '함', '=', '수'],
  ];
  it.each(cases)('%j splits at its first operator', (text, field, operator, value) => {
    expect(parseFieldSelector(text)).toEqual([{ field, operator, value }]);
  });

  it('a term without an operator is refused', () => {
    expect(parseError('a')).toBeInstanceOf(FieldSelectorError);
  });
});

describe('fields selector_test.go TestEscapeValue', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ];
  it.each(cases)('%j escapes to %j and back', (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped);
    expect(parseFieldSelector(`k=${escaped}`)).toEqual([{ field: 'k', operator: '=', value: raw }]);
  });

  it.each(['\\', '\\\\\\', '\\a'])('%j is an invalid escape sequence', (value) => {
    const error = parseError(`k=${value}`);
    expect(error).toBeInstanceOf(FieldSelectorError);
    expect((error as Error).message).toContain('invalid escape sequence');
  });
});

describe('fields selector_test.go TestSelectorParse', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b'])('%j parses and prints back unchanged', (text) => {
    expect(fieldSelectorString(parseFieldSelector(text))).toBe(text);
  });

  it.each(['x=a||y=b', 'x==a==b', 'x=a,b', 'x in (a)', 'x in (a,b,c)', 'x'])('%j is refused', (text) => {
    expect(parseError(text)).toBeInstanceOf(FieldSelectorError);
  });
});

describe('fields selector_test.go TestDeterministicParse', () => {
  it('the order of terms does not change the parsed selector', () => {
    expect(fieldSelectorString(parseFieldSelector('x=a,a=x'))).toBe('a=x,x=a');
    expect(fieldSelectorString(parseFieldSelector('a=x,x=a'))).toBe('a=x,x=a');
  });
});

describe('fields selector_test.go TestSelectorMatches', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  const matches: [string, Record<string, string>][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['foo=bar', fieldset],
    ['baz=blah', fieldset],
    ['foo=bar,baz=blah', fieldset],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset],
  ];
  const misses: [string, Record<string, string>][] = [
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['foo=blah', fieldset],
    ['baz=bar', fieldset],
    ['foo=bar,foobar=bar,baz=blah', fieldset],
  ];
  it.each(matches)('%j matches %j', (text, fields) => {
    expect(matchesFields(parseFieldSelector(text), fields)).toBe(true);
  });
  it.each(misses)('%j does not match %j', (text, fields) => {
    expect(matchesFields(parseFieldSelector(text), fields)).toBe(false);
  });
});
