import { describe, expect, it } from 'vitest';
import { fieldSelectorProblem, labelSelectorProblem } from './selector-problem';

describe('selector problems', () => {
  it('is undefined for a selector that parses, and the parser’s message for one that does not', () => {
    expect(labelSelectorProblem('app=backend-app,track!=canary')).toBeUndefined();
    expect(fieldSelectorProblem('metadata.name=sample-app')).toBeUndefined();
    // Upstream's wording (apimachinery labels.Parse and fields.ParseSelector), as the parsers' own tests assert it.
    expect(labelSelectorProblem('x in (a,,)')).toEqual({ key: 'labelSyntax', detail: "unable to parse requirement: found ')', expected: ',', or identifier" });
    expect(fieldSelectorProblem('metadata.name')).toEqual({ key: 'fieldSyntax', detail: "invalid selector: 'metadata.name'; can't understand 'metadata.name'" });
  });

  it('tells a key or value that validation refuses apart from text that does not parse', () => {
    // labels.Parse validates the key with IsQualifiedName and prefixes the field path <nil> (apimachinery selector.go parseKeyAndInferOperator).
    expect(labelSelectorProblem('-app=x')).toEqual({
      key: 'labelInvalid',
      detail:
        "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    });
  });

  it('tells a wrongly escaped field value apart from text that does not split', () => {
    // fields.UnescapeValue's errors (apimachinery fields/selector.go).
    expect(fieldSelectorProblem('metadata.name=a\\b')).toEqual({ key: 'fieldEscape', detail: 'invalid field selector: invalid escape sequence: \\b' });
  });
});
