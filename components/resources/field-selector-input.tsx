'use client';
import { FieldSelectorError, parseFieldSelector } from '@/lib/k8s/field-selector';
import { LabelSelectorInput } from '../pods/label-selector-input';

function fieldProblem(text: string): string | undefined {
  try {
    parseFieldSelector(text);
    return undefined;
  } catch (error) {
    return error instanceof FieldSelectorError ? error.message : String(error);
  }
}

/** A field selector, checked as it is typed; the API server says which fields a kind supports. */
export function FieldSelectorInput({ value, onApply, serverError }: { value: string; onApply: (selector: string) => void; serverError?: string }) {
  return <LabelSelectorInput value={value} onApply={onApply} serverError={serverError} label="Field selector" placeholder="metadata.name=sample-app" localProblem={fieldProblem} />;
}
