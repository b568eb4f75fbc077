'use client';
import type { VersionConflict } from '@/lib/dashboards/model';

const summary = (widgets: { type: string; id: string; title?: string }[]) => widgets.map((w) => w.title || `${w.type} ${w.id}`).join(', ') || 'no widgets';

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
  const { current, yours } = conflict;
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/30 p-8" role="dialog" aria-label="Dashboard changed">
      <div className="w-full max-w-2xl space-y-3 rounded bg-white p-4 shadow-xl">
        <h2 className="font-semibold">This dashboard was saved by someone else</h2>
        <p className="text-sm text-slate-700">
          You edited version {yours.baseVersion}; version {current.version} was saved since (updated {current.updatedAt.replace('T', ' ').slice(0, 19)} UTC). Nothing of yours has been saved yet.
        </p>
        <div className="grid grid-cols-2 gap-3 text-xs">
          <div className="rounded border border-slate-200 p-2">
            <p className="font-semibold">Theirs (version {current.version})</p>
            <p>{current.title}</p>
            <p className="text-slate-600" data-testid="conflict-theirs">
              {summary(current.body.widgets)}
            </p>
          </div>
          <div className="rounded border border-slate-200 p-2">
            <p className="font-semibold">Yours</p>
            <p>{yours.title}</p>
            <p className="text-slate-600" data-testid="conflict-yours">
              {summary(yours.body.widgets)}
            </p>
          </div>
        </div>
        <div className="flex flex-wrap justify-end gap-2 text-sm">
          <button type="button" disabled={busy} className="rounded px-3 py-1 hover:bg-slate-100" onClick={onTakeTheirs}>
            Discard mine, keep theirs
          </button>
          <button type="button" disabled={busy} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50" onClick={onKeepMine}>
            Save mine over theirs
          </button>
          <button type="button" disabled={busy} className="rounded bg-blue-600 px-3 py-1 text-white hover:bg-blue-700" onClick={onMerge}>
            Merge both and save
          </button>
        </div>
      </div>
    </div>
  );
}
