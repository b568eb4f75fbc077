import { describe, expect, it } from 'vitest';
import { LabelSelectorError, formatLabelSelector, fromLabelSelector, labelSelectorString, matchesLabels, parseLabelSelector } from './label-selector';

const KEY_REGEX_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_REGEX_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function errorOf(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (e) {
    expect(e).toBeInstanceOf(LabelSelectorError);
    return (e as Error).message;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseLabelSelector grammar', () => {
  it('empty text selects everything', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('   ')).toEqual([]);
  });

  it('parses the kubectl example into requirements sorted by key', () => {
    expect(parseLabelSelector('app=demo,environment in (staging,production),track!=canary,!legacy')).toEqual([
      { key: 'app', operator: '=', values: ['demo'] },
      { key: 'environment', operator: 'in', values: ['production', 'staging'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'track', operator: '!=', values: ['canary'] },
    ]);
  });

  it('reads ==, exists, notin, gt and lt', () => {
    expect(parseLabelSelector('a==b, c ,d notin (x), n>5, m<10')).toEqual([
      { key: 'a', operator: '==', values: ['b'] },
      { key: 'c', operator: 'exists', values: [] },
      { key: 'd', operator: 'notin', values: ['x'] },
      { key: 'm', operator: 'lt', values: ['10'] },
      { key: 'n', operator: 'gt', values: ['5'] },
    ]);
  });

  it('treats empty values as the empty string, as upstream does', () => {
    expect(parseLabelSelector('x in (foo,,baz),y,z notin ()')).toEqual([
      { key: 'x', operator: 'in', values: ['', 'baz', 'foo'] },
      { key: 'y', operator: 'exists', values: [] },
      { key: 'z', operator: 'notin', values: [''] },
    ]);
    expect(parseLabelSelector('a=')).toEqual([{ key: 'a', operator: '=', values: [''] }]);
    expect(parseLabelSelector('a=,b')).toEqual([
      { key: 'a', operator: '=', values: [''] },
      { key: 'b', operator: 'exists', values: [] },
    ]);
  });

  it('accepts "in" and "notin" as values and prefixed keys', () => {
    expect(parseLabelSelector('value in (in,notin)')).toEqual([{ key: 'value', operator: 'in', values: ['in', 'notin'] }]);
    expect(parseLabelSelector('app.kubernetes.io/name=web')).toEqual([{ key: 'app.kubernetes.io/name', operator: '=', values: ['web'] }]);
  });
});

describe('parseLabelSelector errors carry the API server text', () => {
  it('an unclosed value set', () => {
    expect(errorOf('app in (')).toBe("unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(errorOf('app in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(errorOf('app in (a b)')).toBe("unable to parse requirement: found 'b', expected: ',' or ')'");
  });

  it('a missing parenthesis after in', () => {
    expect(errorOf('app in a')).toBe("unable to parse requirement: found 'a' expected: '('");
  });

  it('an operator where a key belongs', () => {
    expect(errorOf('=a')).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(errorOf('a,')).toBe("found '', expected: identifier after ','");
    expect(errorOf('!=a')).toBe("found '!=', expected: !, identifier, or 'end of string'");
    expect(errorOf('!(a)')).toBe("unable to parse requirement: found '(', expected: identifier");
  });

  it('an unknown operator and trailing garbage', () => {
    expect(errorOf('a b')).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(errorOf('a=b c')).toBe("found 'c', expected: ',' or 'end of string'");
    expect(errorOf('!a=b')).toBe("found '=', expected: ',' or 'end of string'");
    expect(errorOf('a=(b)')).toBe("unable to parse requirement: found '(', expected: identifier");
  });

  it('an invalid key', () => {
    expect(errorOf('component+kube-apiserver,tier')).toBe(`unable to parse requirement: <nil>: Invalid value: "component+kube-apiserver": ${KEY_REGEX_MSG}`);
    expect(errorOf(`${'k'.repeat(64)}=v`)).toBe(`unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`);
    expect(errorOf('/a=b')).toBe('unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty');
  });

  it('an invalid value, including one of 64 characters', () => {
    expect(errorOf('app=-bad-')).toBe(`unable to parse requirement: values[0][app]: Invalid value: "-bad-": ${VALUE_REGEX_MSG}`);
    expect(errorOf(`app=${'v'.repeat(64)}`)).toBe(`unable to parse requirement: values[0][app]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`);
  });

  // Expected values follow kubernetes/apimachinery pkg/labels/selector.go parseIdentifiersList: on ",," it
  // consumes the second comma, so a ')' right after it is an error; "(a,,,)" and "(abc,,def)" still parse.
  it('two commas before the closing parenthesis are refused, as upstream parseIdentifiersList refuses them', () => {
    expect(errorOf('x in (a,,)')).toBe("unable to parse requirement: found ')', expected: ',', or identifier");
    expect(errorOf('x in (,,)')).toBe("unable to parse requirement: found ')', expected: ',', or identifier");
    expect(errorOf('x notin (a,b,,)')).toBe("unable to parse requirement: found ')', expected: ',', or identifier");
    expect(parseLabelSelector('x in (a,,,)')).toEqual([{ key: 'x', operator: 'in', values: ['', 'a'] }]);
    expect(parseLabelSelector('x in (,,,)')).toEqual([{ key: 'x', operator: 'in', values: [''] }]);
    // selector_test.go TestSetSelectorParser cases with empty values.
    expect(parseLabelSelector('x notin (abc,,def),bar,z in (),w')).toEqual([
      { key: 'bar', operator: 'exists', values: [] },
      { key: 'w', operator: 'exists', values: [] },
      { key: 'x', operator: 'notin', values: ['', 'abc', 'def'] },
      { key: 'z', operator: 'in', values: [''] },
    ]);
    expect(parseLabelSelector('x notin (, a)')).toEqual([{ key: 'x', operator: 'notin', values: ['', 'a'] }]);
    expect(parseLabelSelector('x in (abc,)')).toEqual([{ key: 'x', operator: 'in', values: ['', 'abc'] }]);
  });

  it('gt and lt need an integer', () => {
    expect(errorOf('n>abc')).toBe(`unable to parse requirement: values[0]: Invalid value: "abc": for 'Gt', 'Lt' operators, the value must be an integer`);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'demo', environment: 'staging', track: 'stable', replicas: '3' };
  const matches = (text: string) => matchesLabels(parseLabelSelector(text), labels);

  it('equality and inequality; != matches a missing key', () => {
    expect(matches('app=demo')).toBe(true);
    expect(matches('app==other')).toBe(false);
    expect(matches('track!=canary')).toBe(true);
    expect(matches('missing!=x')).toBe(true);
  });

  it('set membership; notin matches a missing key', () => {
    expect(matches('environment in (staging,production)')).toBe(true);
    expect(matches('environment notin (staging)')).toBe(false);
    expect(matches('missing notin (a)')).toBe(true);
    expect(matches('missing in (a)')).toBe(false);
  });

  it('existence', () => {
    expect(matches('app,!legacy')).toBe(true);
    expect(matches('!app')).toBe(false);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
    expect(matchesLabels(parseLabelSelector('!app'), undefined)).toBe(true);
  });

  it('gt and lt compare integers and fail on missing or non-numeric labels', () => {
    expect(matches('replicas>2')).toBe(true);
    expect(matches('replicas<3')).toBe(false);
    expect(matches('app>1')).toBe(false);
    expect(matches('missing<1')).toBe(false);
  });

  it('the empty selector matches everything, even no labels', () => {
    expect(matchesLabels([], undefined)).toBe(true);
  });
});

describe('fromLabelSelector (LabelSelectorAsSelector)', () => {
  it('null selects nothing and {} selects everything', () => {
    expect(fromLabelSelector(null)).toBeNull();
    expect(fromLabelSelector(undefined)).toBeNull();
    expect(fromLabelSelector({})).toEqual([]);
    expect(fromLabelSelector({ matchLabels: {}, matchExpressions: [] })).toEqual([]);
  });

  it('joins matchLabels and matchExpressions sorted by key', () => {
    expect(
      fromLabelSelector({
        matchLabels: { tier: 'web', app: 'demo' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toEqual([
      { key: 'app', operator: '=', values: ['demo'] },
      { key: 'env', operator: 'in', values: ['prod', 'dev'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'tier', operator: '=', values: ['web'] },
    ]);
  });

  it('rejects bad operators and value sets with upstream wording', () => {
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] })).toThrow('"Gt" is not a valid label selector operator');
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x', 'y'] }] })).toThrow(
      'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
    );
    expect(() => fromLabelSelector({ matchLabels: { 'a b': 'c' } })).toThrow(`key: Invalid value: "a b": ${KEY_REGEX_MSG}`);
  });
});

describe('formatLabelSelector (FormatLabelSelector)', () => {
  it('prints <none> for empty and nil selectors', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
  });

  it('prints requirements sorted by key with sorted value sets', () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: 'backend-app' },
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['qa', 'dev'] },
          { key: 'canary', operator: 'Exists' },
          { key: 'old', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=backend-app,canary,env notin (dev,qa),!old');
  });

  it('prints <error> for an invalid selector', () => {
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toBe('<error>');
  });

  it('labelSelectorString round-trips parsed text', () => {
    expect(labelSelectorString(parseLabelSelector('b in (y,x),a=1,n>3,!z'))).toBe('a=1,b in (x,y),n>3,!z');
  });
});
