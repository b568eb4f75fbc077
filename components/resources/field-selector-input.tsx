'use client';
import { fieldSelectorProblem } from '@/lib/k8s/selector-problem';
import { LabelSelectorInput } from '../pods/label-selector-input';

/** A field selector, checked as it is typed; the API server says which fields a kind supports. */
export function FieldSelectorInput({ value, onApply, serverError }: { value: string; onApply: (selector: string) => void; serverError?: string }) {
  return <LabelSelectorInput value={value} onApply={onApply} serverError={serverError} label="Field selector" placeholder="metadata.name=sample-app" localProblem={fieldSelectorProblem} />;
}
