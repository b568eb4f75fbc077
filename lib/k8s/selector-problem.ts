import { FieldSelectorError, parseFieldSelector } from './field-selector';
import { LabelSelectorError, parseLabelSelector } from './label-selector';

/** What the parser finds wrong with a selector: a key the page explains it by in its language, and the parser's own words as kubectl prints them. */
export interface SelectorProblem {
  key: 'labelSyntax' | 'labelInvalid' | 'fieldSyntax' | 'fieldEscape' | 'fieldUnsupported';
  detail: string;
}

/** The problem with a selector, undefined when it parses. Other errors are bugs and are thrown. */
function problemOf<K extends string>(parse: (text: string) => unknown, Err: new (...args: never[]) => Error & { kind: K }, keys: Record<K, SelectorProblem['key']>) {
  return (text: string): SelectorProblem | undefined => {
    try {
      parse(text);
      return undefined;
    } catch (err) {
      if (err instanceof Err) return { key: keys[err.kind], detail: err.message };
      throw err;
    }
  };
}

export const labelSelectorProblem = problemOf(parseLabelSelector, LabelSelectorError, { syntax: 'labelSyntax', invalid: 'labelInvalid' });
export const fieldSelectorProblem = problemOf(parseFieldSelector, FieldSelectorError, { syntax: 'fieldSyntax', escape: 'fieldEscape', unsupported: 'fieldUnsupported' });
