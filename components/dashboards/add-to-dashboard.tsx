'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { dashboardQuery } from '@/components/api/queries/dashboards';
import { ErrorView } from '@/components/ui/error-view';
import { Popover } from '@/components/ui/popover';
import { emptyBody, freeSpot, GRID_COLUMNS, type Dashboard, type Widget } from '@/lib/dashboards/model';
import { conflictOf, dashboardWrite, settleDashboard, useDashboardList } from './api';
import { logWidgetTitle } from './titles';
import { newWidgetId } from './blank-widget';
import { ShareChoice } from './share-choice';

type Placement = 'id' | 'x' | 'y' | 'width' | 'height';
/** A widget as a page offers it: everything but its place, which the dashboard decides. */
export type NewWidget = Widget extends infer W ? (W extends Widget ? Omit<W, Placement> & { width?: number; height?: number } : never) : never;

const ATTEMPTS = 3;

function placed(widget: NewWidget, widgets: Widget[]): Widget {
  const titled = widget.type === 'log' && !widget.title ? { ...widget, title: logWidgetTitle(widget.query) } : widget;
  // A log widget's rows are wide (a timestamp, a pod, a message): it takes the grid's whole width.
  const width = widget.width ?? (widget.type === 'log' ? GRID_COLUMNS : 12);
  const height = widget.height ?? 6;
  return { ...titled, id: newWidgetId(), ...freeSpot(widgets, width, height), width, height } as Widget;
}

/** Appends the widget at the bottom; a save that raced another is retried on the newer version, as an append cannot clash. */
async function appendWidget(queryClient: ReturnType<typeof useQueryClient>, id: string, widget: NewWidget): Promise<Dashboard> {
  for (let attempt = 1; ; attempt++) {
    const d = await queryClient.fetchQuery({ ...dashboardQuery(id), staleTime: 0 });
    const body = { ...d.body, widgets: [...d.body.widgets, placed(widget, d.body.widgets)] };
    try {
      return await dashboardWrite<Dashboard>(queryClient, 'PUT', `/api/v1/dashboards/${encodeURIComponent(id)}`, { title: d.title, shared: d.shared, body }, d.version);
    } catch (err) {
      if (!conflictOf(err) || attempt >= ATTEMPTS) throw err;
    }
  }
}

function AddPanel({ cluster, widget, close }: { cluster: string; widget: NewWidget; close: () => void }) {
  const t = useTranslations('Dashboards');
  const queryClient = useQueryClient();
  const mine = useDashboardList('mine');
  const [target, setTarget] = useState('');
  const [title, setTitle] = useState('');
  const [shared, setShared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<Dashboard>();
  const [error, setError] = useState<unknown>();
  const isNew = target === '' || target === 'new';
  const add = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const d = isNew
        ? await dashboardWrite<Dashboard>(queryClient, 'POST', '/api/v1/dashboards', { title, shared, body: { ...emptyBody(), widgets: [placed(widget, [])] } })
        : await appendWidget(queryClient, target, widget);
      settleDashboard(queryClient, d);
      setAdded(d);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (added) {
    return (
      <div className="space-y-2 p-3 text-sm" role="status">
        <p>{t('addedTo', { title: added.title })}</p>
        {/* The form that had the focus is gone: the keyboard goes on from the way to what was added. */}
        <Link ref={(link) => link?.focus()} className="text-blue-700 underline" href={`/c/${encodeURIComponent(cluster)}/dashboards/${added.id}`} onClick={close}>
          {t('openDashboard')}
        </Link>
      </div>
    );
  }
  return (
    <form
      className="space-y-2 p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <label className="block text-xs font-medium text-slate-600">
        {t('dashboard')}
        <select aria-label={t('dashboard')} className="w-full rounded border border-slate-300 px-2 py-1" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="new">{t('newDashboard')}</option>
          {mine.data?.items.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </select>
      </label>
      {isNew && (
        <label className="block text-xs font-medium text-slate-600">
          {t('newTitle')}
          <input aria-label={t('newTitle')} className="w-full rounded border border-slate-300 px-2 py-1" value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
      )}
      {isNew && <ShareChoice shared={shared} onChange={setShared} />}
      {mine.error && <ErrorView error={mine.error} compact />}
      {error !== undefined && <ErrorView error={error} compact />}
      <button type="submit" disabled={busy || (isNew && !title.trim())} className="rounded bg-blue-600 px-3 py-1 text-xs font-medium text-white hover:bg-blue-700 disabled:opacity-50">
        {t('add')}
      </button>
    </form>
  );
}

/** "Add to dashboard" for a page's current view: pick one of your dashboards or start a new one. */
export function AddToDashboard({ cluster, widget, align = 'right' }: { cluster: string; widget: NewWidget; align?: 'left' | 'right' }) {
  const t = useTranslations('Dashboards');
  return (
    <Popover label={t('addToDashboard')} button={t('addToDashboard')} align={align} buttonClassName="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50" panelClassName="w-72">
      {(close) => <AddPanel cluster={cluster} widget={widget} close={close} />}
    </Popover>
  );
}
