/**
 * Cases ported from kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go
 * (the parser and matcher kube-apiserver and kubectl use). Each describe names the upstream
 * function whose table it carries; inputs and expected outcomes are upstream's.
 * The `in (a,,)` refusal is covered beside the parser fix, not here.
 */
import { describe, expect, it } from 'vitest';
import { LabelSelectorError, fromLabelSelector, labelSelectorString, matchesLabels, parseLabelSelector, type Requirement } from './label-selector';

const req = (key: string, operator: Requirement['operator'], values: string[] = []): Requirement => ({ key, operator, values });

function parseError(text: string): unknown {
  try {
    parseLabelSelector(text);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('labels selector_test.go TestSelectorParse', () => {
  const good = ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'];
  it.each(good)('%j parses and prints back without its spaces', (text) => {
    expect(labelSelectorString(parseLabelSelector(text))).toBe(text.replace(/ /g, ''));
  });

  const bad = ['x=a||y=b', 'x==a==b', '!x=a', 'x<a'];
  it.each(bad)('%j is refused', (text) => {
    expect(parseError(text)).toBeInstanceOf(LabelSelectorError);
  });
});

describe('labels selector_test.go TestDeterministicParse', () => {
  it('the order of terms does not change the parsed selector', () => {
    expect(labelSelectorString(parseLabelSelector('x=a,a=x'))).toBe('a=x,x=a');
    expect(labelSelectorString(parseLabelSelector('a=x,x=a'))).toBe('a=x,x=a');
  });
});

describe('labels selector_test.go TestSelectorMatches', () => {
  const labelset = { foo: 'bar', baz: 'blah' };
  const matches: [string, Record<string, string>][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['foo=bar', labelset],
    ['baz=blah', labelset],
    ['foo=bar,baz=blah', labelset],
  ];
  const misses: [string, Record<string, string>][] = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['foo=blah', labelset],
    ['baz=bar', labelset],
    ['foo=bar,foobar=bar,baz=blah', labelset],
  ];
  it.each(matches)('%j matches %j', (text, labels) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(true);
  });
  it.each(misses)('%j does not match %j', (text, labels) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(false);
  });
});

describe('labels selector_test.go TestRequirementConstructor', () => {
  // Upstream calls NewRequirement; In/NotIn/Exists/DoesNotExist reach it here through a LabelSelector, Gt/Lt through text.
  it('In with no values and NotIn with an empty set are refused', () => {
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'In' }] })).toThrow(LabelSelectorError);
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: [] }] })).toThrow(LabelSelectorError);
  });

  it('In and NotIn with a value, Exists and DoesNotExist without one, and keys starting with a digit are accepted', () => {
    expect(fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'In', values: ['foo'] }] })).toEqual([req('x', 'in', ['foo'])]);
    expect(fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['foo'] }] })).toEqual([req('x', 'notin', ['foo'])]);
    expect(fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'Exists' }] })).toEqual([req('x', 'exists')]);
    expect(fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] })).toEqual([req('x', '!')]);
    expect(fromLabelSelector({ matchExpressions: [{ key: '1foo', operator: 'In', values: ['bar'] }] })).toEqual([req('1foo', 'in', ['bar'])]);
    expect(fromLabelSelector({ matchExpressions: [{ key: '1234', operator: 'In', values: ['bar'] }] })).toEqual([req('1234', 'in', ['bar'])]);
  });

  it('Gt and Lt take an integer and refuse anything else', () => {
    expect(parseLabelSelector('y>1')).toEqual([req('y', 'gt', ['1'])]);
    expect(parseLabelSelector('z<6')).toEqual([req('z', 'lt', ['6'])]);
    expect(parseError('foo>bar')).toBeInstanceOf(LabelSelectorError);
    expect(parseError('barz<blah')).toBeInstanceOf(LabelSelectorError);
  });

  it('a key of 254 characters breaks the DNS rule that a key is at most 253', () => {
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'a'.repeat(254), operator: 'Exists' }] })).toThrow(LabelSelectorError);
  });
});

describe('labels selector_test.go TestToString', () => {
  const cases: [Requirement[], string][] = [
    [[req('x', 'in', ['abc', 'def']), req('y', 'notin', ['jkl']), req('z', 'exists')], 'x in (abc,def),y notin (jkl),z'],
    [[req('x', 'notin', ['abc', 'def']), req('y', '!=', ['jkl']), req('z', '!')], 'x notin (abc,def),y!=jkl,!z'],
    [[req('x', 'notin', ['abc']), req('y', 'in', ['jkl', 'mno']), req('z', 'notin', [''])], 'x notin (abc),y in (jkl,mno),z notin ()'],
    [[req('x', '=', ['abc']), req('y', '==', ['jkl']), req('z', '!=', ['a']), req('z', 'exists')], 'x=abc,y==jkl,z!=a,z'],
    [[req('x', 'gt', ['2']), req('y', 'lt', ['8']), req('z', 'exists')], 'x>2,y<8,z'],
  ];
  it.each(cases)('%j prints as %j', (requirements, text) => {
    expect(labelSelectorString(requirements)).toBe(text);
  });
});

describe('labels selector_test.go TestRequirementSelectorMatching', () => {
  // Upstream's first row (a zero Requirement) has no counterpart: a Requirement here always has an operator.
  const cases: [Record<string, string>, Requirement[], boolean][] = [
    [{ x: 'foo', y: 'baz' }, [req('x', 'in', ['foo']), req('y', 'notin', ['alpha'])], true],
    [{ x: 'foo', y: 'baz' }, [req('x', 'in', ['foo']), req('y', 'in', ['alpha'])], false],
    [{ y: '' }, [req('x', 'notin', ['']), req('y', 'exists')], true],
    [{ y: '' }, [req('x', '!'), req('y', 'exists')], true],
    [{ y: '' }, [req('x', 'notin', ['']), req('y', '!')], false],
    [{ y: 'baz' }, [req('x', 'in', [''])], false],
    [{ z: '2' }, [req('z', 'gt', ['1'])], true],
    [{ z: 'v2' }, [req('z', 'gt', ['1'])], false],
  ];
  it.each(cases)('%j against %j matches: %s', (labels, requirements, expected) => {
    expect(matchesLabels(requirements, labels)).toBe(expected);
  });
});

describe('labels selector_test.go TestSetSelectorParser', () => {
  // Rows with Match true compare the parsed requirements; upstream's sets are sorted, as our values are.
  const valid: [string, Requirement[]][] = [
    ['', []],
    ['\rx', [req('x', 'exists')]],
    ['this-is-a-dns.domain.com/key-with-dash', [req('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', [req('this-is-another-dns.domain.com/key-with-dash', 'in', ['so', 'what'])]],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [req('0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock'])]],
    ['foo  in\t (abc)', [req('foo', 'in', ['abc'])]],
    ['x notin\n (abc)', [req('x', 'notin', ['abc'])]],
    ['x  notin\t\t\t(abc,def)', [req('x', 'notin', ['abc', 'def'])]],
    ['x in (abc,def)', [req('x', 'in', ['abc', 'def'])]],
    ['x in (abc,)', [req('x', 'in', ['', 'abc'])]],
    ['x in ()', [req('x', 'in', [''])]],
    ['x notin (abc,,def),bar,z in (),w', [req('bar', 'exists'), req('w', 'exists'), req('x', 'notin', ['', 'abc', 'def']), req('z', 'in', [''])]],
    ['x=a', [req('x', '=', ['a'])]],
    ['x>1', [req('x', 'gt', ['1'])]],
    ['x<7', [req('x', 'lt', ['7'])]],
    ['x=a,y!=b', [req('x', '=', ['a']), req('y', '!=', ['b'])]],
    ['x=a,y!=b,z in (h,i,j)', [req('x', '=', ['a']), req('y', '!=', ['b']), req('z', 'in', ['h', 'i', 'j'])]],
    ['x notin ( )', [req('x', 'notin', [''])]],
    ['x notin (, a)', [req('x', 'notin', ['', 'a'])]],
    ['a ', [req('a', 'exists')]],
    ['a in (x,y,notin, z,in)', [req('a', 'in', ['in', 'notin', 'x', 'y', 'z'])]],
  ];
  it.each(valid)('%j parses to %j', (text, requirements) => {
    expect(parseLabelSelector(text)).toEqual(requirements);
  });

  it('"x,y in (a)" parses (upstream does not compare its output)', () => {
    expect(parseLabelSelector('x,y in (a)')).toEqual([req('x', 'exists'), req('y', 'in', ['a'])]);
  });

  const invalid = ['x=a||y=b', 'x,,y', ',x,y', 'x nott in (y)', 'a in (xyz),', 'a in (xyz)b notin ()', 'a in (xyz abc)', 'a notin(', 'a (', '('];
  it.each(invalid)('%j is refused', (text) => {
    expect(parseError(text)).toBeInstanceOf(LabelSelectorError);
  });
});
