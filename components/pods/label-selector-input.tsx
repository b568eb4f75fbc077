'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { labelSelectorProblem, type SelectorProblem } from '@/lib/k8s/selector-problem';

/** The selector is checked as it is typed; Enter sends it to the API server, whose answer is final. A field selector passes its own label and check. */
export function LabelSelectorInput({
  value,
  onApply,
  serverError,
  label,
  placeholder = 'app=backend-app,track!=canary',
  localProblem = labelSelectorProblem,
}: {
  value: string;
  onApply: (selector: string) => void;
  serverError?: string;
  label?: string;
  placeholder?: string;
  localProblem?: (text: string) => SelectorProblem | undefined;
}) {
  const t = useTranslations('Common');
  const [typed, setTyped] = useState(value);
  // A selector applied from elsewhere (the address, a link) replaces what was typed, in the same render.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setTyped(value);
  }
  const problem = typed === value ? undefined : localProblem(typed);
  return (
    <form
      className="flex min-w-64 flex-1 flex-col gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(typed.trim());
      }}
    >
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        {label ?? t('labelSelector')}
        <input
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onBlur={() => typed.trim() !== value && !localProblem(typed) && onApply(typed.trim())}
          placeholder={placeholder}
          spellCheck={false}
          data-page-filter
          aria-invalid={Boolean(problem || serverError)}
          className={`h-8 rounded border px-2 font-mono text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600 ${problem || serverError ? 'border-red-400' : 'border-slate-300'}`}
        />
      </label>
      {problem ? (
        <p data-testid="selector-hint" className="font-mono text-xs text-amber-800">
          {t(`selectorProblem.${problem.key}`, { detail: problem.detail })}
        </p>
      ) : serverError ? (
        <p role="alert" data-testid="selector-error" className="font-mono text-xs text-red-800">
          {serverError}
        </p>
      ) : null}
    </form>
  );
}
