import { expect, type Locator } from '@playwright/test';
import en from '../messages/en.json' with { type: 'json' };

/** Text a missing or unformatted message leaves on a page: a key such as `Nav.pods`, or an ICU `{placeholder}` or tag. */
export const MESSAGE_KEY = new RegExp(`\\b(${Object.keys(en).join('|')})\\.[A-Za-z]+\\b`);
export const PLACEHOLDER = /\{[A-Za-z_]+(, ?[a-z]+)?\}|<\/?(b|link|mono|code|strong|count)>/;

/** The text of `where` (the page's body or main) shows no message key and no unformatted placeholder; the text, for further checks. */
export async function expectNoMessageKeys(where: Locator, label = 'the page'): Promise<string> {
  const text = await where.innerText();
  expect(text, `${label}: a message key`).not.toMatch(MESSAGE_KEY);
  expect(text, `${label}: an unformatted placeholder`).not.toMatch(PLACEHOLDER);
  return text;
}
