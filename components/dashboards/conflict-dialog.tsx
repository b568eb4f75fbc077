'use client';
import { useTranslations } from 'next-intl';
import type { VersionConflict } from '@/lib/dashboards/model';

const summary = (widgets: { type: string; id: string; title?: string }[], none: string) => widgets.map((w) => w.title || `${w.type} ${w.id}`).join(', ') || none;

/**
 * A save refused because someone saved first: both versions side by side, and three ways on
 * that never lose a change silently: merge both, take theirs, or save mine over theirs.
 */
export function ConflictDialog({
  conflict,
  busy,
  onMerge,
  onTakeTheirs,
  onKeepMine,
}: {
  conflict: VersionConflict;
  busy: boolean;
  onMerge: () => void;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  const t = useTranslations('Dashboards');
  const { current, yours } = conflict;
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/30 p-8" role="dialog" aria-label={t('conflictLabel')}>
      <div className="w-full max-w-2xl space-y-3 rounded bg-white p-4 shadow-xl">
        <h2 className="font-semibold">{t('conflictHeading')}</h2>
        <p className="text-sm text-slate-700">{t('conflictText', { yours: yours.baseVersion, theirs: current.version, updated: current.updatedAt.replace('T', ' ').slice(0, 19) })}</p>
        <div className="grid grid-cols-2 gap-3 text-xs">
          <div className="rounded border border-slate-200 p-2">
            <p className="font-semibold">{t('theirs', { version: current.version })}</p>
            <p>{current.title}</p>
            <p className="text-slate-600" data-testid="conflict-theirs">
              {summary(current.body.widgets, t('noWidgetsShort'))}
            </p>
          </div>
          <div className="rounded border border-slate-200 p-2">
            <p className="font-semibold">{t('yours')}</p>
            <p>{yours.title}</p>
            <p className="text-slate-600" data-testid="conflict-yours">
              {summary(yours.body.widgets, t('noWidgetsShort'))}
            </p>
          </div>
        </div>
        <div className="flex flex-wrap justify-end gap-2 text-sm">
          <button type="button" disabled={busy} className="rounded px-3 py-1 hover:bg-slate-100" onClick={onTakeTheirs}>
            {t('keepTheirs')}
          </button>
          <button type="button" disabled={busy} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50" onClick={onKeepMine}>
            {t('keepMine')}
          </button>
          <button type="button" disabled={busy} className="rounded bg-blue-600 px-3 py-1 text-white hover:bg-blue-700" onClick={onMerge}>
            {t('mergeBoth')}
          </button>
        </div>
      </div>
    </div>
  );
}
