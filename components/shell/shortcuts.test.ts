import { describe, expect, it } from 'vitest';
import { isTyping, shortcutOf, SHORTCUTS } from './shortcuts';

const press = (key: string, target: Parameters<typeof shortcutOf>[0]['target'], mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  shortcutOf({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods, target });

describe('shortcutOf', () => {
  it('/ on the page body asks for the filter and ? for the list of keys', () => {
    expect(press('/', { tagName: 'BODY' })).toBe('focus-filter');
    expect(press('?', { tagName: 'BODY' })).toBe('show-shortcuts');
  });

  it('a focused link, button, checkbox or table row still takes the shortcuts: nothing is typed there', () => {
    expect(press('/', { tagName: 'A' })).toBe('focus-filter');
    expect(press('?', { tagName: 'BUTTON' })).toBe('show-shortcuts');
    expect(press('/', { tagName: 'INPUT', type: 'checkbox' })).toBe('focus-filter');
    expect(press('/', { tagName: 'TR' })).toBe('focus-filter');
  });

  it('/ and ? typed into a text input, a text area, a select or an editor are characters, not shortcuts', () => {
    expect(press('/', { tagName: 'INPUT', type: 'text' })).toBeNull();
    expect(press('?', { tagName: 'INPUT' })).toBeNull();
    expect(press('/', { tagName: 'input', type: 'SEARCH' })).toBeNull();
    expect(press('/', { tagName: 'TEXTAREA' })).toBeNull();
    expect(press('?', { tagName: 'SELECT' })).toBeNull();
    // CodeMirror's content element is a contenteditable div.
    expect(press('/', { tagName: 'DIV', isContentEditable: true })).toBeNull();
  });

  it('with Ctrl, ⌘ or Alt held the keys belong to the browser or the palette', () => {
    expect(press('/', { tagName: 'BODY' }, { ctrlKey: true })).toBeNull();
    expect(press('?', { tagName: 'BODY' }, { metaKey: true })).toBeNull();
    expect(press('/', { tagName: 'BODY' }, { altKey: true })).toBeNull();
    expect(press('k', { tagName: 'BODY' }, { ctrlKey: true })).toBeNull();
  });

  it('other keys and a key with no target are not shortcuts', () => {
    expect(press('a', { tagName: 'BODY' })).toBeNull();
    expect(press('Enter', { tagName: 'BODY' })).toBeNull();
    expect(press('/', null)).toBe('focus-filter');
  });
});

describe('isTyping', () => {
  it('a range or a radio takes no text', () => {
    expect(isTyping({ tagName: 'INPUT', type: 'range' })).toBe(false);
    expect(isTyping({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(isTyping({ tagName: 'INPUT', type: 'datetime-local' })).toBe(true);
  });
});

it('the shortcuts listed name the palette first, then / and ?', () => {
  expect(SHORTCUTS.map((s) => s.keys.join('+'))).toEqual(['Ctrl+K', '/', '?', 'Tab', 'Enter', 'Esc']);
});
