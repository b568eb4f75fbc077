import { useTranslations } from 'next-intl';

/**
 * One resource's use against what was asked for: a bar scaled to the limit (or allocatable), with the
 * request marked. Red past the limit, amber past the request.
 */
export function UsageBar({
  label,
  used,
  request,
  limit,
  format,
  requestLabel,
  limitLabel,
}: {
  label: string;
  used?: number;
  request?: number;
  /** The limit, or a node's allocatable. */
  limit?: number;
  format: (value: number) => string;
  requestLabel?: string;
  limitLabel?: string;
}) {
  const t = useTranslations('Table');
  const requestWord = requestLabel ?? t('request');
  const limitWord = limitLabel ?? t('limit');
  const scale = Math.max(limit ?? 0, request ?? 0, used ?? 0) || 1;
  const colour = used === undefined ? 'bg-slate-300' : limit !== undefined && used > limit ? 'bg-red-600' : request !== undefined && used > request ? 'bg-amber-500' : 'bg-emerald-500';
  const parts = [
    used === undefined ? t('usageUnknown', { label }) : t('amount', { label, value: format(used) }),
    request !== undefined ? t('amount', { label: requestWord, value: format(request) }) : t('noAmount', { label: requestWord }),
    limit !== undefined ? t('amount', { label: limitWord, value: format(limit) }) : t('noAmount', { label: limitWord }),
  ];
  return (
    <div className="min-w-44" title={parts.join(' · ')}>
      <div className="flex justify-between gap-2 text-[11px] text-slate-600">
        <span>
          <span className="font-semibold uppercase">{label}</span> {used === undefined ? '—' : format(used)}
        </span>
        <span className="tabular-nums">
          {request !== undefined ? format(request) : '–'} / {limit !== undefined ? format(limit) : '–'}
        </span>
      </div>
      <div className="relative mt-0.5 h-1.5 rounded bg-slate-100" role="meter" aria-label={parts.join(', ')} aria-valuemin={0} aria-valuemax={scale} aria-valuenow={used ?? 0}>
        {used !== undefined && <div className={`h-full rounded ${colour}`} style={{ width: `${Math.min(100, (used / scale) * 100)}%` }} />}
        {request !== undefined && <div aria-hidden className="absolute -top-0.5 h-2.5 w-0.5 bg-slate-700" style={{ left: `${Math.min(100, (request / scale) * 100)}%` }} />}
      </div>
    </div>
  );
}
