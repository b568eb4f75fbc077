import { useTranslations } from 'next-intl';
import type { Omitted } from '@/server/k8s/pods';

/** The namespaces an all-namespaces list left out, each with the API server's reason. */
export function OmittedNote({ omitted, title }: { omitted: readonly Omitted[] | undefined; title: string }) {
  const t = useTranslations('Common');
  if (!omitted || omitted.length === 0) return null;
  return (
    <div role="note" aria-label={t('omittedNamespaces')} className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="font-semibold">{title}</p>
      <ul className="mt-1 space-y-0.5">
        {omitted.map((entry) => (
          <li key={entry.name} className="text-xs">
            <span className="font-mono font-semibold">{entry.name}</span> — {entry.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
