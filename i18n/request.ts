import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, negotiateLocale } from '@/lib/i18n/locale';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';

const MESSAGES = { en, ko };

/** No locale in the address: the language comes from the switcher's cookie, else the browser's Accept-Language. */
export default getRequestConfig(async () => {
  const locale = negotiateLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'));
  return { locale, messages: MESSAGES[locale] };
});
