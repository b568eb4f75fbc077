'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useAwsSettings } from '@/components/api/cluster';
import { ErrorView } from '@/components/ui/error-view';
import { Skeleton } from '@/components/ui/skeleton';
import { freeSpot, type Dashboard, type TimeRange, type VersionConflict, type Widget, type WidgetType } from '@/lib/dashboards/model';
import { conflictOf, useDashboard, useDashboardActions } from './api';
import { ConflictDialog } from './conflict-dialog';
import { ExportPanel } from './export-panel';
import { DashboardGrid } from './grid';
import { mergeEdits, type DashboardContent, type MergeNote } from './merge';
import { mergeNoteText } from './words';
import { RefreshPicker, TimeRangePicker } from './toolbar';
import { useAutoRefresh } from './use-auto-refresh';
import { VariablesBar } from './variables-bar';
import { VersionsPanel } from './versions-panel';
import { blankWidget, newWidgetId, WIDGET_TYPES } from './blank-widget';
import { WidgetEditor } from './widget-editor';
import { WidgetView } from './widget-view';

const button = 'rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-50';
const primary = 'rounded bg-blue-600 px-3 py-1 text-xs font-medium text-white hover:bg-blue-700 disabled:opacity-50';

const contentOf = (d: Dashboard): DashboardContent => ({ title: d.title, shared: d.shared, body: d.body });

interface Editing {
  /** The version the edit started from, for If-Match and for the merge's common ancestor. */
  base: Dashboard;
  draft: DashboardContent;
}

function defaultValues(d: Dashboard, cluster: string): Record<string, string> {
  return Object.fromEntries(d.body.variables.map((v) => [v.name, v.default || (v.name === 'cluster' ? cluster : '')]));
}

export function DashboardPage({ cluster, id }: { cluster: string; id: string }) {
  const t = useTranslations('Dashboards');
  const dashboard = useDashboard(id);
  if (dashboard.error) return <ErrorView error={dashboard.error} />;
  if (!dashboard.data) return <Skeleton className="h-64" label={t('loadingDashboard')} />;
  return <DashboardView key={dashboard.data.id} cluster={cluster} saved={dashboard.data} />;
}

function DashboardView({ cluster, saved }: { cluster: string; saved: Dashboard }) {
  const t = useTranslations('Dashboards');
  const router = useRouter();
  const actions = useDashboardActions();
  const region = useAwsSettings().data?.region ?? null;
  const [editing, setEditing] = useState<Editing>();
  const [range, setRange] = useState<TimeRange>(saved.body.timeRange);
  const [refreshMs, setRefreshMs] = useState(0);
  const [runKey, refresh] = useAutoRefresh(refreshMs);
  const [values, setValues] = useState(() => defaultValues(saved, cluster));
  const [editor, setEditor] = useState<{ widget: Widget; isNew: boolean }>();
  const [conflict, setConflict] = useState<VersionConflict>();
  const [notes, setNotes] = useState<MergeNote[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [panel, setPanel] = useState<'versions' | 'cloudwatch'>();

  // A version saved elsewhere (a restore, a merge) brings the view's range along when not editing.
  const [rangeOf, setRangeOf] = useState(saved.version);
  if (rangeOf !== saved.version) {
    setRangeOf(saved.version);
    if (!editing) setRange(saved.body.timeRange);
  }

  const content = editing?.draft ?? contentOf(saved);
  const widgetCluster = values.cluster || cluster;
  const context = useMemo(() => ({ cluster: widgetCluster, values: { ...values, cluster: widgetCluster }, range, runKey }), [widgetCluster, values, range, runKey]);
  const setDraft = (f: (d: DashboardContent) => DashboardContent) => setEditing((e) => (e ? { ...e, draft: f(e.draft) } : e));
  const setWidgets = (widgets: Widget[]) => setDraft((d) => ({ ...d, body: { ...d.body, widgets } }));

  const save = async (baseVersion: number, draft: DashboardContent) => {
    setBusy(true);
    setError(undefined);
    try {
      await actions.save(saved.id, baseVersion, draft);
      setEditing(undefined);
      setConflict(undefined);
    } catch (err) {
      const c = conflictOf(err);
      if (c) setConflict(c);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const widgetActions = (w: Widget) =>
    editing ? (
      <>
        <button type="button" className="rounded px-1 text-xs text-slate-600 hover:bg-slate-100" aria-label={t('editWidget', { id: w.id })} onClick={() => setEditor({ widget: w, isNew: false })}>
          {t('edit')}
        </button>
        <button
          type="button"
          className="rounded px-1 text-xs text-red-700 hover:bg-red-50"
          aria-label={t('removeWidget', { id: w.id })}
          onClick={() => setWidgets(content.body.widgets.filter((x) => x.id !== w.id))}
        >
          {t('remove')}
        </button>
      </>
    ) : undefined;

  const addWidget = (type: WidgetType) => setEditor({ widget: blankWidget(type, widgetCluster, newWidgetId(), freeSpot(content.body.widgets, 12, type === 'text' ? 3 : 6), region), isNew: true });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {editing ? (
          <input
            aria-label={t('dashboardTitle')}
            className="rounded border border-slate-300 px-2 py-1 text-lg font-semibold"
            value={content.title}
            onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
          />
        ) : (
          <h1 className="text-lg font-semibold">{saved.title}</h1>
        )}
        <span className="text-xs text-slate-500">{t('versionOwner', { version: saved.version, owner: saved.owner, shared: String(saved.shared) })}</span>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {editing ? (
            <>
              <label className="flex items-center gap-1 text-xs">
                <input type="checkbox" checked={content.shared} onChange={(e) => setDraft((d) => ({ ...d, shared: e.target.checked }))} /> {t('sharedWithEveryone')}
              </label>
              <select aria-label={t('addWidget')} className={button} value="" onChange={(e) => e.target.value && addWidget(e.target.value as WidgetType)}>
                <option value="">{t('addWidgetMenu')}</option>
                {WIDGET_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t('widgetType', { type: type.replace('-', '_') })}
                  </option>
                ))}
              </select>
              <button type="button" className={button} onClick={() => setEditing(undefined)} disabled={busy}>
                {t('cancel')}
              </button>
              <button type="button" className={primary} disabled={busy || !content.title.trim()} onClick={() => save(editing.base.version, editing.draft)}>
                {t('save')}
              </button>
            </>
          ) : (
            <>
              {saved.mine && (
                <button type="button" className={primary} onClick={() => setEditing({ base: saved, draft: contentOf(saved) })}>
                  {t('edit')}
                </button>
              )}
              <button type="button" className={button} onClick={() => actions.duplicate(saved.id).then((d) => router.push(`/c/${encodeURIComponent(cluster)}/dashboards/${d!.id}`), setError)}>
                {t('duplicate')}
              </button>
              <button type="button" className={button} onClick={() => setPanel(panel === 'versions' ? undefined : 'versions')}>
                {t('versions')}
              </button>
              <button type="button" className={button} onClick={() => setPanel(panel === 'cloudwatch' ? undefined : 'cloudwatch')}>
                {t('cloudWatch')}
              </button>
              {saved.mine && (
                <button
                  type="button"
                  className={`${button} text-red-700`}
                  onClick={() => {
                    if (window.confirm(t('confirmDelete', { title: saved.title }))) {
                      actions.remove(saved.id, saved.version).then(() => router.push(`/c/${encodeURIComponent(cluster)}/dashboards`), setError);
                    }
                  }}
                >
                  {t('delete')}
                </button>
              )}
            </>
          )}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-4 border-y border-slate-200 py-2">
        <TimeRangePicker
          value={range}
          onChange={(r) => {
            setRange(r);
            if (editing) setDraft((d) => ({ ...d, body: { ...d.body, timeRange: r } }));
          }}
        />
        <RefreshPicker value={refreshMs} onChange={setRefreshMs} onRefresh={refresh} />
        <VariablesBar
          cluster={cluster}
          variables={content.body.variables}
          values={values}
          onValue={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
          editing={!!editing}
          onVariables={(variables) => {
            setDraft((d) => ({ ...d, body: { ...d.body, variables } }));
            setValues((v) => ({ ...Object.fromEntries(variables.map((x) => [x.name, x.default])), ...v }));
          }}
        />
      </div>
      {error !== undefined && <ErrorView error={error} compact />}
      {notes.length > 0 && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900">
          <p className="font-semibold">{t('merged')}</p>
          {notes.map((n) => (
            <p key={JSON.stringify(n)}>{mergeNoteText(n, t)}</p>
          ))}
        </div>
      )}
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start">
        <div className="min-w-0 flex-1">
          {content.body.widgets.length === 0 ? (
            <p className="rounded border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">{saved.mine ? t('noWidgetsMine') : t('noWidgets')}</p>
          ) : (
            <DashboardGrid widgets={content.body.widgets} editable={!!editing} onChange={setWidgets} render={(w) => <WidgetView widget={w} context={context} actions={widgetActions(w)} />} />
          )}
        </div>
        {panel === 'versions' && <VersionsPanel dashboard={saved} onClose={() => setPanel(undefined)} />}
        {panel === 'cloudwatch' && <ExportPanel dashboard={saved} cluster={cluster} onClose={() => setPanel(undefined)} />}
      </div>
      {editor && (
        <WidgetEditor
          initial={editor.widget}
          onCancel={() => setEditor(undefined)}
          onDone={(w) => {
            setWidgets(editor.isNew ? [...content.body.widgets, w] : content.body.widgets.map((x) => (x.id === w.id ? w : x)));
            setEditor(undefined);
          }}
        />
      )}
      {conflict && editing && (
        <ConflictDialog
          conflict={conflict}
          busy={busy}
          onTakeTheirs={() => {
            actions.adopt(conflict.current);
            setConflict(undefined);
            setEditing(undefined);
          }}
          onKeepMine={() => save(conflict.current.version, editing.draft)}
          onMerge={() => {
            const merged = mergeEdits(contentOf(editing.base), editing.draft, contentOf(conflict.current));
            setNotes(merged.notes);
            setEditing({ base: conflict.current, draft: merged.content });
            void save(conflict.current.version, merged.content);
          }}
        />
      )}
    </div>
  );
}
