/** `{{name}}` in a widget's query or fields, replaced by the variable's current value. Pure. */

const REFERENCE = /\{\{\s*([A-Za-z][A-Za-z0-9_]{0,31})\s*\}\}/g;

/** The text with every known `{{name}}` replaced; unknown names stay as written, for the error to show them. */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(REFERENCE, (whole, name: string) => (Object.hasOwn(values, name) ? values[name] : whole));
}

/** The variable names the text refers to, in order of first use. */
export function references(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(REFERENCE), (m) => m[1]))];
}
