'use client';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { QueryFailure } from './query-failure';
import { useDeleteSaved, useRecentQueries, useSavedQueries, useSaveQuery, type RecentSource, type SavedQuery } from './api';

/** Saved queries grouped by folder: the part of the name before the last `/`, as the AWS console does. */
export function byFolder(items: SavedQuery[]): [string, SavedQuery[]][] {
  const folders = new Map<string, SavedQuery[]>();
  for (const item of items) folders.set(item.folder, [...(folders.get(item.folder) ?? []), item]);
  return [...folders.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}

/** Recent and saved queries beside the editor; choosing one puts it (and its source) back in. */
export function QueryLibrary({
  cluster,
  query,
  logGroups,
  onChoose,
}: {
  cluster: string;
  query: string;
  logGroups: string[];
  /** `savedName` is the saved query's name when one was chosen. */
  onChoose: (query: string, source?: RecentSource, savedName?: string) => void;
}) {
  const t = useTranslations('LogsInsights');
  const recent = useRecentQueries(cluster);
  const saved = useSavedQueries(cluster);
  const save = useSaveQuery(cluster);
  const remove = useDeleteSaved(cluster);
  const [name, setName] = useState('');
  const folders = useMemo(() => byFolder(saved.data?.items ?? []), [saved.data]);
  return (
    <aside className="min-w-0 shrink-0 space-y-4 text-sm lg:w-72" aria-label={t('library')}>
      <section>
        <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('savedQueries')}</h2>
        {saved.error && <QueryFailure error={saved.error} />}
        {saved.data?.canSave && (
          <form
            className="mb-2 flex gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) save.mutate({ name: name.trim(), queryString: query, logGroupNames: logGroups }, { onSuccess: () => setName('') });
            }}
          >
            <input
              aria-label={t('savedQueryName')}
              placeholder={t('savedQueryPlaceholder')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-xs"
            />
            <button type="submit" disabled={!name.trim() || save.isPending} className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-50">
              {t('save')}
            </button>
          </form>
        )}
        {saved.data && !saved.data.canSave && <p className="mb-2 text-xs text-slate-500">{t('savedShared')}</p>}
        {save.error && <QueryFailure error={save.error} />}
        {remove.error && <QueryFailure error={remove.error} />}
        <ul className="space-y-2" data-testid="saved-queries">
          {folders.map(([folder, items]) => (
            <li key={folder || '(none)'}>
              {folder && <div className="text-xs font-medium text-slate-500">📁 {folder}</div>}
              <ul className={folder ? 'ml-3' : ''}>
                {items.map((d) => (
                  <li key={d.id} className="group flex items-center gap-1">
                    <button
                      type="button"
                      onClick={() => onChoose(d.queryString, d.logGroupNames.length ? { kind: 'cloudwatch', logGroupNames: d.logGroupNames } : undefined, d.name)}
                      className="flex-1 truncate text-left text-sky-800 hover:underline"
                      title={d.queryString}
                    >
                      {d.title}
                    </button>
                    {saved.data?.canSave && (
                      <button
                        type="button"
                        aria-label={t('deleteSaved', { name: d.name })}
                        onClick={() => remove.mutate(d.id)}
                        className="invisible text-xs text-slate-400 hover:text-red-700 group-hover:visible"
                      >
                        ✕
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {saved.data && saved.data.items.length === 0 && <li className="text-xs text-slate-500">{t('noneYet')}</li>}
        </ul>
      </section>
      <section>
        <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('recentQueries')}</h2>
        {recent.error && <QueryFailure error={recent.error} />}
        <ul className="space-y-1" data-testid="recent-queries">
          {recent.data?.items.map((r) => (
            <li key={`${r.ranAt}-${r.queryString}`}>
              <button
                type="button"
                onClick={() => onChoose(r.queryString, r.source)}
                className="w-full truncate text-left font-mono text-xs text-slate-700 hover:text-sky-800 hover:underline"
                title={r.queryString}
              >
                {r.queryString.replace(/\s+/g, ' ')}
              </button>
            </li>
          ))}
          {recent.data && recent.data.items.length === 0 && <li className="text-xs text-slate-500">{t('recentEmpty')}</li>}
        </ul>
      </section>
    </aside>
  );
}
