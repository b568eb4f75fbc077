import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** The console's own 404, styled by its stylesheet: Next's default one uses inline styles the policy refuses. */
export default async function NotFound() {
  const t = await getTranslations();
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="mb-2 text-lg font-semibold">{t('NotFound.heading')}</h1>
      <p className="text-sm text-slate-700">
        {t('NotFound.text')}{' '}
        <Link href="/" className="font-medium text-sky-700 underline">
          {t('Common.openConsole')}
        </Link>
      </p>
    </main>
  );
}
