import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import ko from './ko.json';

type Messages = { [key: string]: string | Messages };

/** Every message's dotted key, with the message. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The ICU arguments and rich-text tags a message names, read by ICU's own parser: `{count, plural, ...}` gives `count`, `<link>` gives `<link>`. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.tag) {
        names.add(`<${element.value}>`);
        walk(element.children);
      } else if (element.type === TYPE.plural || element.type === TYPE.select) {
        names.add(element.value);
        for (const option of Object.values(element.options)) walk(option.value);
      } else if (element.type !== TYPE.literal && element.type !== TYPE.pound) names.add(element.value);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

const english = flatten(en);
const korean = flatten(ko);

describe('message files', () => {
  it('Korean and English have exactly the same keys', () => {
    expect([...korean.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('each Korean message names the same placeholders and tags as its English one', () => {
    const differ = [...english].filter(([key, message]) => placeholders(message).join() !== placeholders(korean.get(key) ?? '').join()).map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it('every message is valid ICU (a literal < or { is quoted)', () => {
    const invalid = [...english, ...korean].filter(([, message]) => {
      try {
        parse(message);
        return false;
      } catch {
        return true;
      }
    });
    expect(invalid.map(([key]) => key)).toEqual([]);
  });

  it('no message is empty', () => {
    expect([...english, ...korean].filter(([, message]) => message.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('the placeholder reader finds arguments, plural arguments and tags', () => {
    expect(placeholders('{count, plural, one {# pod} other {# pods}} in <name>{namespace}</name>')).toEqual(['<name>', 'count', 'namespace']);
  });
});

describe('kubectl notation in messages', () => {
  it("kubectl's <none> reads as written", () => {
    expect(createTranslator({ locale: 'en', messages: en, namespace: 'Common' })('none')).toBe('<none>');
    expect(createTranslator({ locale: 'ko', messages: ko, namespace: 'Common' })('none')).toBe('<none>');
  });
});
