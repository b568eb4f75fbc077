import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import { Providers } from '@/components/providers';
import { themeAttribute, themeChoiceOf, THEME_COOKIE } from '@/components/theme/theme';
import './globals.css';

export const metadata: Metadata = { title: 'Watchdeck', description: 'Operations console for Kubernetes and AWS CloudWatch' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request renders every page per request, so each carries its own nonce (see proxy.ts).
  const nonce = (await headers()).get('x-nonce') ?? '';
  const locale = await getLocale();
  // The chosen theme is on <html> in the first byte of HTML, so a dark page never flashes light.
  const theme = themeChoiceOf((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang={locale} data-theme={themeAttribute(theme)}>
      <body className="bg-slate-50 text-slate-900 antialiased">
        {/* Client components get this request's locale and messages from here. */}
        <NextIntlClientProvider>
          <Providers nonce={nonce} theme={theme}>
            {children}
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
