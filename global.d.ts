import type { Locale } from '@/lib/i18n/locale';
import type en from '@/messages/en.json';

// next-intl checks message keys and the locale against these at compile time.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
