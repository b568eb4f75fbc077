'use client';
import { useEffect, useRef } from 'react';
import { registerPaletteActions, type PaletteAction } from './registry';

/** Offers `actions` in the command palette while the component is mounted; the palette reads the latest each time it opens. */
export function usePaletteActions(actions: PaletteAction[]): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => registerPaletteActions(() => latest.current), []);
}
