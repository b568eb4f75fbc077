'use client';
import { useTranslations } from 'next-intl';
import { createContext, use, useState } from 'react';
import { topBarControl } from '../shell/top-bar';
import { themeAttribute, themeCookie, THEME_CHOICES, type ThemeChoice } from './theme';

/** The choice the server rendered with, from the cookie (app/layout.tsx). */
export const ThemeChoiceContext = createContext<ThemeChoice>('system');

/** System, light or dark, in the header: applied at once on <html> and remembered in a cookie for the server's next render. */
export function ThemePicker() {
  const t = useTranslations('Theme');
  const [choice, setChoice] = useState(use(ThemeChoiceContext));
  return (
    <select
      aria-label={t('label')}
      value={choice}
      onChange={(event) => {
        const next = event.target.value as ThemeChoice;
        setChoice(next);
        const attribute = themeAttribute(next);
        if (attribute) document.documentElement.dataset.theme = attribute;
        else delete document.documentElement.dataset.theme;
        document.cookie = themeCookie(next, window.location.protocol === 'https:');
      }}
      className={topBarControl}
    >
      {THEME_CHOICES.map((value) => (
        <option key={value} value={value}>
          {t(value)}
        </option>
      ))}
    </select>
  );
}
