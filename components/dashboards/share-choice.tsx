'use client';
import { useTranslations } from 'next-intl';
import { useId } from 'react';

/**
 * Whether a new dashboard is shared, asked when it is created: private (only its owner finds it) or shared
 * (everyone who signs in finds it under "Shared with me" and may read it; only its owner edits it).
 */
export function ShareChoice({ shared, onChange }: { shared: boolean; onChange: (shared: boolean) => void }) {
  const t = useTranslations('Dashboards');
  const name = useId();
  const option = (value: boolean, label: string) => (
    <label className="flex items-center gap-1">
      <input type="radio" name={name} checked={shared === value} onChange={() => onChange(value)} /> {label}
    </label>
  );
  return (
    <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-700">
      <legend className="sr-only">{t('whoSees')}</legend>
      {option(false, t('private'))}
      {option(true, t('sharedWithEveryone'))}
    </fieldset>
  );
}
