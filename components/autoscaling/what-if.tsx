'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { WhatIf } from './use-hpas';

const FIELDS = [
  { key: 'targetUtilization', min: 1 },
  { key: 'minReplicas', min: 0 },
  { key: 'maxReplicas', min: 1 },
] as const;

/** Target utilization, min and max to try; the server reruns the algorithm with them and writes nothing. */
export function WhatIfForm({ initial, utilizationTarget, onSubmit, onReset }: { initial: WhatIf; utilizationTarget: boolean; onSubmit: (w: WhatIf) => void; onReset: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, initial[f.key] === undefined ? '' : String(initial[f.key])])));
  const t = useTranslations('Hpa');
  const [problem, setProblem] = useState('');
  const fields = FIELDS.filter((f) => f.key !== 'targetUtilization' || utilizationTarget);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-label={t('whatIf')}
      onSubmit={(e) => {
        e.preventDefault();
        const next: WhatIf = {};
        for (const f of fields) {
          const text = values[f.key].trim();
          if (text === '') continue;
          const n = Number(text);
          if (!Number.isInteger(n) || n < f.min) return setProblem(t('wholeNumber', { field: t(f.key), min: f.min }));
          next[f.key] = n;
        }
        if (next.minReplicas !== undefined && next.maxReplicas !== undefined && next.minReplicas > next.maxReplicas) return setProblem(t('minAboveMax'));
        setProblem('');
        onSubmit(next);
      }}
    >
      {fields.map((f) => (
        <label key={f.key} className="flex flex-col text-xs text-slate-600">
          {t(f.key)}
          <input
            inputMode="numeric"
            className="w-28 rounded border border-slate-300 px-2 py-1 font-mono text-sm text-slate-900"
            value={values[f.key]}
            onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-sm text-white hover:bg-sky-800">
        {t('compute')}
      </button>
      <button type="button" className="rounded px-3 py-1 text-sm text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100" onClick={onReset}>
        {t('clear')}
      </button>
      {problem && (
        <p role="alert" className="w-full text-sm text-red-800">
          {problem}
        </p>
      )}
    </form>
  );
}
