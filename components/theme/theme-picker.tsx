'use client';
import { createContext, use, useState } from 'react';
import { themeAttribute, themeCookie, THEME_CHOICES, type ThemeChoice } from './theme';

/** The choice the server rendered with, from the cookie (app/layout.tsx). */
export const ThemeChoiceContext = createContext<ThemeChoice>('system');

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** System, light or dark, in the header: applied at once on <html> and remembered in a cookie for the server's next render. */
export function ThemePicker() {
  const [choice, setChoice] = useState(use(ThemeChoiceContext));
  return (
    <select
      aria-label="Theme"
      value={choice}
      onChange={(event) => {
        const next = event.target.value as ThemeChoice;
        setChoice(next);
        const attribute = themeAttribute(next);
        if (attribute) document.documentElement.dataset.theme = attribute;
        else delete document.documentElement.dataset.theme;
        document.cookie = themeCookie(next, window.location.protocol === 'https:');
      }}
      className="rounded border border-slate-600 bg-slate-900 px-1.5 py-1 text-sm text-slate-100 focus-visible:outline-2 focus-visible:outline-sky-400"
    >
      {THEME_CHOICES.map((value) => (
        <option key={value} value={value}>
          {LABELS[value]}
        </option>
      ))}
    </select>
  );
}
