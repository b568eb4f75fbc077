'use client';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALES } from '@/lib/i18n/locale';
import { topBarControl, topBarLabel } from './top-bar';

/** The language, remembered in a cookie the server reads; the page reloads so server and client render in it. */
export function LocaleSwitcher() {
  const t = useTranslations('Locale');
  const locale = useLocale();
  return (
    <label className={topBarLabel}>
      {/* On a phone the select names itself; the word would push the header past the screen's width. */}
      <span className="max-sm:sr-only">{t('label')}</span>
      <select
        className={topBarControl}
        value={locale}
        onChange={(event) => {
          document.cookie = `${LOCALE_COOKIE}=${event.target.value}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax${window.location.protocol === 'https:' ? '; secure' : ''}`;
          window.location.reload();
        }}
      >
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
