'use client';
import { useEffect, useRef } from 'react';
import { paletteActionsChanged, registerPaletteActions, type PaletteAction } from './registry';

/** Offers `actions` in the command palette while the component is mounted; an open palette shows the latest. */
export function usePaletteActions(actions: PaletteAction[]): void {
  const latest = useRef(actions);
  // What the palette shows of them: a new answer from the API server changes it, a new closure does not.
  const shown = JSON.stringify(actions.map((a) => [a.id, a.label, a.detail, a.disabledReason]));
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => registerPaletteActions(() => latest.current), []);
  useEffect(() => paletteActionsChanged(), [shown]);
}
