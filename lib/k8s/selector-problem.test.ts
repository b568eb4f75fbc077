import { describe, expect, it } from 'vitest';
import { fieldSelectorProblem, labelSelectorProblem } from './selector-problem';

describe('selector problems', () => {
  it('is undefined for a selector that parses, and the parser’s message for one that does not', () => {
    expect(labelSelectorProblem('app=backend-app,track!=canary')).toBeUndefined();
    expect(fieldSelectorProblem('metadata.name=sample-app')).toBeUndefined();
    // Upstream's wording (apimachinery labels.Parse and fields.ParseSelector), as the parsers' own tests assert it.
    expect(labelSelectorProblem('x in (a,,)')).toBe("unable to parse requirement: found ')', expected: ',', or identifier");
    expect(fieldSelectorProblem('metadata.name')).toBe("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  });
});
