import { FieldSelectorError, parseFieldSelector } from './field-selector';
import { LabelSelectorError, parseLabelSelector } from './label-selector';

/** What the parser finds wrong with a selector, as kubectl words it; undefined when it parses. Other errors are bugs and are thrown. */
function problemOf(parse: (text: string) => unknown, Err: new (...args: never[]) => Error): (text: string) => string | undefined {
  return (text) => {
    try {
      parse(text);
      return undefined;
    } catch (err) {
      if (err instanceof Err) return err.message;
      throw err;
    }
  };
}

export const labelSelectorProblem = problemOf(parseLabelSelector, LabelSelectorError);
export const fieldSelectorProblem = problemOf(parseFieldSelector, FieldSelectorError);
