'use client';
import { useTranslations } from 'next-intl';
import { fieldConflicts, type StatusCause } from '@/lib/k8s/apply/conflicts';
import { toErrorObject } from '../api/client';
import { ErrorView } from '../ui/error-view';

/** The API server's causes of a refusal, if it gave any. */
function causesOf(error: unknown): { code: number | undefined; causes: StatusCause[] } {
  const status = toErrorObject(error).status;
  return { code: status?.code, causes: (status?.details?.causes ?? []) as StatusCause[] };
}

/**
 * Why the API server refused the YAML: a 409's conflicting fields with their managers and the
 * explicit way to take them over, a 422's field messages verbatim, or the error as everywhere else.
 */
export function ApplyRefusal({ error, onTakeOwnership, busy }: { error: unknown; onTakeOwnership: () => void; busy: boolean }) {
  const t = useTranslations('Editor');
  const { code, causes } = causesOf(error);
  const conflicts = code === 409 ? fieldConflicts(causes) : [];
  if (conflicts.length > 0) {
    return (
      <div role="alert" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
        <p className="font-semibold">{t('conflictTitle', { count: conflicts.length })}</p>
        <table className="w-full text-left text-xs" aria-label={t('conflictingFields')}>
          <thead>
            <tr className="text-slate-600">
              <th className="py-1 pr-3 font-medium">{t('field')}</th>
              <th className="py-1 pr-3 font-medium">{t('manager')}</th>
              <th className="py-1 font-medium">{t('apiServer')}</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => (
              <tr key={`${c.field}/${c.manager}`} className="border-t border-amber-200">
                <td className="py-1 pr-3 font-mono">{c.field}</td>
                <td className="py-1 pr-3 font-mono">{c.manager}</td>
                <td className="py-1">{c.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-slate-700">{t('takeOwnershipNote')}</p>
        <button type="button" disabled={busy} onClick={onTakeOwnership} className="rounded border border-amber-400 bg-white px-2.5 py-1 text-amber-900 hover:bg-amber-100 disabled:opacity-50">
          {t('applyTakeOwnership')}
        </button>
      </div>
    );
  }
  if (code === 422 && causes.length > 0) {
    return (
      <div role="alert" className="space-y-1 rounded border border-red-300 bg-red-50 p-3 text-sm">
        <p className="font-semibold">{toErrorObject(error).message}</p>
        <ul className="space-y-0.5 text-xs" aria-label={t('invalidFields')}>
          {causes.map((c, i) => (
            <li key={i}>
              <span className="font-mono">{c.field}</span>: {c.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <ErrorView error={error} compact />;
}
