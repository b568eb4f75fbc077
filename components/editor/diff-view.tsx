'use client';
import { useTranslations } from 'next-intl';
import type { DiffHunk } from '@/lib/k8s/apply/diff';

const LINE = {
  context: { sign: ' ', className: 'text-slate-700' },
  added: { sign: '+', className: 'bg-green-50 text-green-900' },
  removed: { sign: '-', className: 'bg-red-50 text-red-900' },
} as const;

/** A unified diff, hunk by hunk; each changed line says whether it is added or removed, for screen readers as well as by colour and sign. */
export function DiffView({ hunks, label }: { hunks: DiffHunk[]; label: string }) {
  const t = useTranslations('Editor');
  if (hunks.length === 0) return <p className="text-sm text-slate-600">{t('noChange')}</p>;
  return (
    <div role="region" aria-label={label} className="max-h-[45vh] overflow-auto rounded border border-slate-200 font-mono text-xs">
      {hunks.map((hunk) => (
        <div key={`${hunk.oldStart}-${hunk.newStart}`}>
          <div className="bg-slate-100 px-2 text-slate-500">
            @@ -{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
          </div>
          <ol className="list-none">
            {hunk.lines.map((line, i) => {
              const look = LINE[line.kind];
              const Tag = line.kind === 'added' ? 'ins' : line.kind === 'removed' ? 'del' : 'span';
              return (
                <li key={i} className={`whitespace-pre px-2 no-underline ${look.className}`} data-diff={line.kind}>
                  <Tag className="no-underline" aria-label={line.kind === 'context' ? undefined : t('diffLine', { kind: line.kind, text: line.text })}>
                    {look.sign} {line.text}
                  </Tag>
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </div>
  );
}
