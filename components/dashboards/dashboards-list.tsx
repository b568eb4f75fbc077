'use client';
import { useFormatter, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorView } from '@/components/ui/error-view';
import type { BodyNote } from '@/lib/dashboards/body-notes';
import { Skeleton } from '@/components/ui/skeleton';
import { ShareChoice } from './share-choice';
import { bodyNoteSaid } from './words';
import { useCloudWatchAccess, useCloudWatchDashboards, useDashboardActions, useDashboardList, type DashboardList } from './api';

const TABS: DashboardList[] = ['mine', 'shared', 'deleted'];

/** A stored instant to the minute in UTC, as every viewer reads it alike: 2026-12-07 04:00. */
const utcMinute = (iso: string) => iso.replace('T', ' ').slice(0, 16);

const button = 'rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-50';

function ImportPanel({ cluster }: { cluster: string }) {
  const t = useTranslations('Dashboards');
  const router = useRouter();
  const actions = useDashboardActions();
  const [fromCloudWatch, setFromCloudWatch] = useState(false);
  const access = useCloudWatchAccess(cluster);
  const reading = access.data?.read;
  const names = useCloudWatchDashboards(cluster, fromCloudWatch && reading?.allowed === true);
  const [title, setTitle] = useState('');
  const [skipped, setSkipped] = useState<{ id: string; lines: BodyNote[] }>();
  const [error, setError] = useState<unknown>();
  const done = (out: { dashboard: { id: string }; skippedSays: BodyNote[] }) => {
    if (out.skippedSays.length) setSkipped({ id: out.dashboard.id, lines: out.skippedSays });
    else router.push(`/c/${encodeURIComponent(cluster)}/dashboards/${out.dashboard.id}`);
  };
  return (
    <div className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm" aria-label={t('import')}>
      <p className="font-semibold">{t('importHeading')}</p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          className="rounded border border-slate-300 px-2 py-1 text-xs"
          placeholder={t('titlePlaceholder')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-label={t('importedTitle')}
        />
        <label className={button}>
          {t('fromFile')}
          <input
            type="file"
            accept="application/json,.json"
            className="hidden"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setError(undefined);
              actions.importBody({ title: title || file.name.replace(/\.json$/, ''), body: await file.text() }).then(done, setError);
            }}
          />
        </label>
        <button type="button" className={button} disabled={!reading?.allowed} onClick={() => setFromCloudWatch(true)}>
          {t('fromCloudWatch')}
        </button>
      </div>
      {reading && !reading.allowed && (
        <p className="text-xs text-slate-600" role="note" data-testid="import-refusal">
          {t.rich('importNeeds', { requires: reading.requires, why: reading.why, mono: (chunks) => <span className="font-mono">{chunks}</span> })}
        </p>
      )}
      {access.error && <ErrorView error={access.error} compact />}
      {fromCloudWatch && names.error && <ErrorView error={names.error} compact />}
      {fromCloudWatch && names.data && (
        <ul className="space-y-0.5 text-xs">
          {names.data.items.length === 0 && <li className="text-slate-500">{t('noCloudWatchDashboards')}</li>}
          {names.data.items.map((n) => (
            <li key={n.name}>
              <button type="button" className="text-blue-700 hover:underline" onClick={() => actions.importBody({ ...(title ? { title } : {}), cloudWatchName: n.name, cluster }).then(done, setError)}>
                {n.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error !== undefined && <ErrorView error={error} compact />}
      {skipped && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900">
          <p className="font-semibold">{t('importedWithout')}</p>
          {skipped.lines.map((note) => {
            const line = bodyNoteSaid(note, t);
            return <p key={line}>{line}</p>;
          })}
          <Link className="text-blue-700 underline" href={`/c/${encodeURIComponent(cluster)}/dashboards/${skipped.id}`}>
            {t('openDashboard')}
          </Link>
        </div>
      )}
    </div>
  );
}

export function DashboardsList({ cluster }: { cluster: string }) {
  const t = useTranslations('Dashboards');
  const format = useFormatter();
  const router = useRouter();
  const [list, setList] = useState<DashboardList>('mine');
  const dashboards = useDashboardList(list);
  const actions = useDashboardActions();
  const [title, setTitle] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<unknown>();
  const open = (id: string) => `/c/${encodeURIComponent(cluster)}/dashboards/${id}`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <form
          className="ml-auto flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setError(undefined);
            actions.create({ title, shared }).then((d) => router.push(open(d.id)), setError);
          }}
        >
          <input className="rounded border border-slate-300 px-2 py-1 text-sm" placeholder={t('newTitle')} value={title} onChange={(e) => setTitle(e.target.value)} aria-label={t('newTitle')} />
          <ShareChoice shared={shared} onChange={setShared} />
          <button type="submit" disabled={!title.trim()} className="rounded bg-blue-600 px-3 py-1 text-sm text-white hover:bg-blue-700 disabled:opacity-50">
            {t('create')}
          </button>
        </form>
      </div>
      {error !== undefined && <ErrorView error={error} compact />}
      <div role="tablist" className="flex gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <button
            key={tab}
            role="tab"
            aria-selected={list === tab}
            type="button"
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${list === tab ? 'border-blue-600 font-medium text-blue-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            onClick={() => setList(tab)}
          >
            {t('tab', { tab })}
          </button>
        ))}
      </div>
      {dashboards.error && <ErrorView error={dashboards.error} />}
      {!dashboards.data && !dashboards.error && <Skeleton className="h-24" label={t('loadingList')} />}
      {dashboards.data && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label={t('title')}>
            <thead className="text-xs text-slate-600">
              <tr>
                <th className="px-2 py-1">{t('colTitle')}</th>
                <th className="px-2 py-1">{t('owner')}</th>
                <th className="px-2 py-1">{t('widgets')}</th>
                <th className="px-2 py-1">{t('version')}</th>
                <th className="px-2 py-1">{list === 'deleted' ? t('deleted') : t('updated')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {dashboards.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-2 py-6 text-center text-slate-500">
                    {t('empty', { list })}
                  </td>
                </tr>
              )}
              {dashboards.data.items.map((d) => (
                <tr key={d.id} className="border-t border-slate-100">
                  <td className="px-2 py-1">
                    {list === 'deleted' ? (
                      d.title
                    ) : (
                      <Link className="text-blue-700 hover:underline" href={open(d.id)}>
                        {d.title}
                      </Link>
                    )}
                  </td>
                  <td className="px-2 py-1">{d.owner}</td>
                  <td className="px-2 py-1 tabular-nums">{format.number(d.widgetCount)}</td>
                  <td className="px-2 py-1 tabular-nums">v{d.version}</td>
                  <td className="px-2 py-1 text-xs text-slate-600">{t('utc', { at: utcMinute(d.deletedAt ?? d.updatedAt) })}</td>
                  <td className="px-2 py-1 text-right">
                    {list === 'deleted' && (
                      <button type="button" className={button} onClick={() => actions.undelete(d.id).then(() => setList('mine'), setError)}>
                        {t('restore')}
                      </button>
                    )}
                    {list === 'shared' && (
                      <button type="button" className={button} onClick={() => actions.duplicate(d.id).then((c) => router.push(open(c!.id)), setError)}>
                        {t('duplicate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ImportPanel cluster={cluster} />
    </div>
  );
}
