'use client';
import { useTranslations } from 'next-intl';
import { fieldSelectorProblem } from '@/lib/k8s/selector-problem';
import { LabelSelectorInput } from '../pods/label-selector-input';

/** A field selector, checked as it is typed; the API server says which fields a kind supports. */
export function FieldSelectorInput({ value, onApply, serverError }: { value: string; onApply: (selector: string) => void; serverError?: string }) {
  const t = useTranslations('Resources');
  return <LabelSelectorInput value={value} onApply={onApply} serverError={serverError} label={t('fieldSelector')} placeholder="metadata.name=sample-app" localProblem={fieldSelectorProblem} />;
}
