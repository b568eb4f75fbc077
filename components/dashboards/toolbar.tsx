'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { TimeRange } from '@/lib/dashboards/model';
import { describeRange, REFRESH_CHOICES, RELATIVE_CHOICES } from './time';

const button = 'rounded border px-2 py-0.5 text-xs';

function localInput(iso: string): string {
  return iso.slice(0, 16);
}

/** Relative ranges as buttons; an absolute one from two UTC times. */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (r: TimeRange) => void }) {
  const t = useTranslations('Dashboards');
  const [absolute, setAbsolute] = useState(false);
  const [start, setStart] = useState(value.kind === 'absolute' ? localInput(value.start) : '');
  const [end, setEnd] = useState(value.kind === 'absolute' ? localInput(value.end) : '');
  const valid = start && end && Date.parse(`${start}:00Z`) < Date.parse(`${end}:00Z`);
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label={t('timeRange')}>
      {RELATIVE_CHOICES.map((c) => {
        const active = value.kind === 'relative' && value.seconds === c.seconds;
        return (
          <button
            key={c.seconds}
            type="button"
            aria-pressed={active}
            className={`${button} ${active ? 'border-blue-600 bg-blue-50 text-blue-800' : 'border-slate-300 hover:bg-slate-50'}`}
            onClick={() => onChange({ kind: 'relative', seconds: c.seconds })}
          >
            {c.label}
          </button>
        );
      })}
      <button
        type="button"
        aria-pressed={value.kind === 'absolute'}
        className={`${button} ${value.kind === 'absolute' ? 'border-blue-600 bg-blue-50 text-blue-800' : 'border-slate-300 hover:bg-slate-50'}`}
        onClick={() => setAbsolute((a) => !a)}
      >
        {t('absolute')}
      </button>
      {absolute && (
        <span className="flex items-center gap-1 text-xs">
          <input type="datetime-local" aria-label={t('startUtc')} className="rounded border border-slate-300 px-1" value={start} onChange={(e) => setStart(e.target.value)} />
          –
          <input type="datetime-local" aria-label={t('endUtc')} className="rounded border border-slate-300 px-1" value={end} onChange={(e) => setEnd(e.target.value)} />
          UTC
          <button
            type="button"
            disabled={!valid}
            className={`${button} border-slate-300 disabled:opacity-50`}
            onClick={() => {
              onChange({ kind: 'absolute', start: new Date(`${start}:00Z`).toISOString(), end: new Date(`${end}:00Z`).toISOString() });
              setAbsolute(false);
            }}
          >
            {t('apply')}
          </button>
        </span>
      )}
      <span className="ml-1 text-xs text-slate-500" data-testid="time-range">
        {describeRange(value, t)}
      </span>
    </div>
  );
}

export function RefreshPicker({ value, onChange, onRefresh }: { value: number; onChange: (ms: number) => void; onRefresh: () => void }) {
  const t = useTranslations('Dashboards');
  return (
    <div className="flex items-center gap-1 text-xs">
      <button type="button" className={`${button} border-slate-300 hover:bg-slate-50`} onClick={onRefresh}>
        {t('refresh')}
      </button>
      <label className="flex items-center gap-1">
        {t('auto')}
        <select aria-label={t('autoRefresh')} className="rounded border border-slate-300 px-1 py-0.5" value={value} onChange={(e) => onChange(Number(e.target.value))}>
          {REFRESH_CHOICES.map((c) => (
            <option key={c.ms} value={c.ms}>
              {c.ms === 0 ? t('off') : c.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
