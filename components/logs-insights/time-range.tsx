'use client';
import { useTranslations } from 'next-intl';

export type TimeRange =
  | { kind: 'relative'; minutes: number }
  /** datetime-local values, read in `zone`. */
  | { kind: 'absolute'; start: string; end: string; zone: 'local' | 'UTC' };

export const RELATIVE: { label: string; minutes: number }[] = [
  { label: '5m', minutes: 5 },
  { label: '15m', minutes: 15 },
  { label: '1h', minutes: 60 },
  { label: '3h', minutes: 180 },
  { label: '12h', minutes: 720 },
  { label: '1d', minutes: 1440 },
  { label: '1w', minutes: 10080 },
];

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080 };

/** A relative range from a link's `range` parameter (`15m`, `1h`, `3d`, `1w`); undefined when it is not one. */
export function relativeRange(text: string | null): TimeRange | undefined {
  const m = /^(\d{1,5})([mhdw])$/.exec(text ?? '');
  if (!m) return undefined;
  const minutes = Number(m[1]) * UNIT_MINUTES[m[2]];
  return minutes > 0 ? { kind: 'relative', minutes } : undefined;
}

function parseLocal(value: string, zone: 'local' | 'UTC'): number {
  if (!value) return NaN;
  return zone === 'UTC' ? Date.parse(value.length === 16 ? `${value}:00Z` : `${value}Z`) : new Date(value).getTime();
}

/** Why an absolute range cannot be asked for, as a `LogsInsights` message key. */
export type RangeProblem = 'rangeIncomplete' | 'rangeReversed';

/** The range as StartQuery's seconds since the epoch; what is wrong when it cannot be one. */
export function rangeSeconds(range: TimeRange, now = Date.now()): { startTime: number; endTime: number } | RangeProblem {
  if (range.kind === 'relative') return { startTime: Math.floor(now / 1000) - range.minutes * 60, endTime: Math.floor(now / 1000) };
  const start = parseLocal(range.start, range.zone);
  const end = parseLocal(range.end, range.zone);
  if (Number.isNaN(start) || Number.isNaN(end)) return 'rangeIncomplete';
  if (start > end) return 'rangeReversed';
  return { startTime: Math.floor(start / 1000), endTime: Math.floor(end / 1000) };
}

export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (r: TimeRange) => void }) {
  const t = useTranslations('LogsInsights');
  const zone = value.kind === 'absolute' ? value.zone : 'local';
  return (
    <div className="flex flex-wrap items-center gap-1 text-xs" role="group" aria-label={t('timeRange')}>
      {RELATIVE.map((r) => (
        <button
          key={r.label}
          type="button"
          aria-pressed={value.kind === 'relative' && value.minutes === r.minutes}
          onClick={() => onChange({ kind: 'relative', minutes: r.minutes })}
          className={`rounded border px-2 py-1 ${value.kind === 'relative' && value.minutes === r.minutes ? 'border-sky-600 bg-sky-50 text-sky-900' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
        >
          {r.label}
        </button>
      ))}
      <button
        type="button"
        aria-pressed={value.kind === 'absolute'}
        onClick={() => {
          if (value.kind === 'absolute') return;
          const end = new Date();
          const start = new Date(end.getTime() - value.minutes * 60_000);
          const fmt = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
          onChange({ kind: 'absolute', start: fmt(start), end: fmt(end), zone: 'local' });
        }}
        className={`rounded border px-2 py-1 ${value.kind === 'absolute' ? 'border-sky-600 bg-sky-50 text-sky-900' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
      >
        {t('absolute')}
      </button>
      {value.kind === 'absolute' && (
        <>
          <input
            type="datetime-local"
            aria-label={t('start')}
            value={value.start}
            onChange={(e) => onChange({ ...value, start: e.target.value })}
            className="rounded border border-slate-300 px-1 py-0.5"
          />
          <span>{t('to')}</span>
          <input type="datetime-local" aria-label={t('end')} value={value.end} onChange={(e) => onChange({ ...value, end: e.target.value })} className="rounded border border-slate-300 px-1 py-0.5" />
        </>
      )}
      <select
        aria-label={t('timezone')}
        value={zone}
        disabled={value.kind !== 'absolute'}
        onChange={(e) => value.kind === 'absolute' && onChange({ ...value, zone: e.target.value as 'local' | 'UTC' })}
        className="rounded border border-slate-300 bg-white px-1 py-1 disabled:text-slate-500"
      >
        <option value="local">{t('localZone', { zone: localZoneName() })}</option>
        <option value="UTC">UTC</option>
      </select>
    </div>
  );
}
