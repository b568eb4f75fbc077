'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { LOG_VIEWS, widget as widgetSchema, type TimeRange, type Widget } from '@/lib/dashboards/model';
import { RELATIVE_CHOICES } from './time';

const input = 'w-full rounded border border-slate-300 px-2 py-1 text-sm';
const label = 'block text-xs font-medium text-slate-600';

function RangeOverride({ value, onChange }: { value: TimeRange | undefined; onChange: (r: TimeRange | undefined) => void }) {
  const t = useTranslations('Dashboards');
  return (
    <label className={label}>
      {t('timeRange')}
      <select
        className={input}
        value={value?.kind === 'relative' ? String(value.seconds) : ''}
        onChange={(e) => onChange(e.target.value ? { kind: 'relative', seconds: Number(e.target.value) } : undefined)}
      >
        <option value="">{t('dashboardsRange')}</option>
        {RELATIVE_CHOICES.map((c) => (
          <option key={c.seconds} value={c.seconds}>
            {t('lastRangeOption', { range: c.label })}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The fields of one widget; nothing is kept until the widget validates. */
export function WidgetEditor({ initial, onDone, onCancel }: { initial: Widget; onDone: (w: Widget) => void; onCancel: () => void }) {
  const t = useTranslations('Dashboards');
  const [w, setW] = useState<Widget>(initial);
  const [metricText, setMetricText] = useState(w.type === 'metric' ? JSON.stringify(w.properties, null, 2) : '');
  const [error, setError] = useState<string>();
  const set = (patch: Record<string, unknown>) => setW((old) => ({ ...old, ...patch }) as Widget);
  const submit = () => {
    let candidate = w;
    if (w.type === 'metric') {
      try {
        candidate = { ...w, properties: JSON.parse(metricText) };
      } catch (err) {
        setError(t('notJson', { message: (err as Error).message }));
        return;
      }
    }
    const parsed = widgetSchema.safeParse(candidate);
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return;
    }
    onDone(parsed.data);
  };
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/30 p-8" role="dialog" aria-label={t('editWidgetDialog')}>
      <form
        className="w-full max-w-xl space-y-3 rounded bg-white p-4 shadow-xl"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 className="font-semibold">{t('widgetType', { type: w.type.replace('-', '_') })}</h2>
        {'title' in w && (
          <label className={label}>
            {t('colTitle')}
            <input className={input} value={w.title} onChange={(e) => set({ title: e.target.value })} />
          </label>
        )}
        {w.type === 'log' && (
          <>
            <label className={label}>
              {t('logGroupsLines')}
              <textarea
                className={`${input} font-mono`}
                rows={2}
                value={w.logGroups.join('\n')}
                onChange={(e) =>
                  set({
                    logGroups: e.target.value
                      .split('\n')
                      .map((s) => s.trim())
                      .filter(Boolean),
                  })
                }
              />
            </label>
            <label className={label}>
              {t.rich('queryLabel', { code: (chunks) => <code>{chunks}</code>, variable: '{{namespace}}' })}
              <textarea className={`${input} font-mono`} rows={5} value={w.query} onChange={(e) => set({ query: e.target.value })} aria-label={t('query')} />
            </label>
            <div className="flex gap-3">
              <label className={label}>
                {t('view')}
                <select className={input} value={w.view} onChange={(e) => set({ view: e.target.value })}>
                  {LOG_VIEWS.map((v) => (
                    <option key={v} value={v}>
                      {t('logView', { view: v })}
                    </option>
                  ))}
                </select>
              </label>
              <label className={`${label} flex items-end gap-1`}>
                <input type="checkbox" checked={w.stacked} onChange={(e) => set({ stacked: e.target.checked })} /> {t('stacked')}
              </label>
              <RangeOverride value={w.timeRange} onChange={(timeRange) => set({ timeRange })} />
            </div>
          </>
        )}
        {(w.type === 'pod-states' || w.type === 'hpa') && (
          <label className={label}>
            {t('namespace')}
            <input className={input} value={w.namespace} onChange={(e) => set({ namespace: e.target.value })} />
          </label>
        )}
        {w.type === 'pod-states' && (
          <label className={label}>
            {t('labelSelector')}
            <input className={`${input} font-mono`} value={w.labelSelector} placeholder="app=backend-app" onChange={(e) => set({ labelSelector: e.target.value })} />
          </label>
        )}
        {w.type === 'hpa' && (
          <label className={label}>
            {t('hpaName')}
            <input className={input} value={w.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
        )}
        {w.type === 'text' && (
          <label className={label}>
            {t('markdown')}
            <textarea className={`${input} font-mono`} rows={6} value={w.markdown} onChange={(e) => set({ markdown: e.target.value })} aria-label={t('markdown')} />
          </label>
        )}
        {w.type === 'alarm' && (
          <label className={label}>
            {t('alarmArns')}
            <textarea
              className={`${input} font-mono`}
              rows={3}
              value={w.alarms.join('\n')}
              onChange={(e) =>
                set({
                  alarms: e.target.value
                    .split('\n')
                    .map((s) => s.trim())
                    .filter(Boolean),
                })
              }
            />
          </label>
        )}
        {w.type === 'metric' && (
          <label className={label}>
            {t('metricProperties')}
            <textarea className={`${input} font-mono`} rows={8} value={metricText} onChange={(e) => setMetricText(e.target.value)} />
          </label>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-800">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className="rounded px-3 py-1 text-sm hover:bg-slate-100" onClick={onCancel}>
            {t('cancel')}
          </button>
          <button type="submit" className="rounded bg-blue-600 px-3 py-1 text-sm text-white hover:bg-blue-700">
            {t('done')}
          </button>
        </div>
      </form>
    </div>
  );
}
