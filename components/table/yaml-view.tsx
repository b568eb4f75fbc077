'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** An object's YAML, read-only, with a copy button. */
export function YamlView({ yaml }: { yaml: string }) {
  const t = useTranslations('Table');
  const [copied, setCopied] = useState(false);
  return (
    <div className="relative">
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard.writeText(yaml).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
        className="absolute right-2 top-2 rounded border border-slate-600 bg-slate-800 px-2 py-0.5 text-xs text-slate-100 hover:bg-slate-700"
      >
        {copied ? t('copied') : t('copy')}
      </button>
      <pre aria-label="YAML" className="max-h-[70vh] overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100">
        {yaml}
      </pre>
    </div>
  );
}
